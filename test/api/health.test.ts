import assert from "node:assert/strict";
import { it } from "node:test";
import request from "supertest";
import { LATEST_MIGRATION } from "../../db/migrator.ts";
import { createApp } from "../../src/api/app.ts";
import { createLogger } from "../../src/log/logger.ts";
import { TEST_SECRET_BOX } from "../helpers/api-auth.ts";
import { describeEachEngine } from "../helpers/databases.ts";

describeEachEngine("GET /health", (database) => {
  it("answers 200 with the engine and the migration the database is on", async () => {
    const app = createApp({ database: database(), logger: createLogger("silent"), secretBox: TEST_SECRET_BOX });
    const response = await request(app).get("/health").expect(200).expect("content-type", /json/);
    assert.deepEqual(response.body, {
      status: "ok",
      database: { engine: database().engine, reachable: true, migration: LATEST_MIGRATION, upToDate: true },
    });
  });

  it("answers 404 with JSON for an unknown path", async () => {
    const app = createApp({ database: database(), logger: createLogger("silent"), secretBox: TEST_SECRET_BOX });
    const response = await request(app).get("/nowhere").expect(404);
    assert.deepEqual(response.body, { error: "not found" });
  });
});
