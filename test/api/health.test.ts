import assert from "node:assert/strict";
import { it } from "node:test";
import request from "supertest";
import type { DatabaseHandle } from "../../db/connection.ts";
import { LATEST_MIGRATION } from "../../db/migrator.ts";
import { createApp } from "../../src/api/app.ts";
import { createLogger } from "../../src/log/logger.ts";
import { TEST_SECRET_BOX } from "../helpers/api-auth.ts";
import { describeEachEngine } from "../helpers/databases.ts";

const appFor = (database: DatabaseHandle) => createApp({ database, logger: createLogger("silent"), secretBox: TEST_SECRET_BOX });

describeEachEngine("GET /health and /ready", (database) => {
  it("/health answers 200 {status: ok} without touching the database", async () => {
    let queries = 0;
    const counting: DatabaseHandle = {
      ...database(),
      db: database().db.withPlugin({
        transformQuery: (args) => {
          queries += 1;
          return args.node;
        },
        transformResult: async (args) => args.result,
      }),
    };
    const app = appFor(counting);
    const response = await request(app).get("/health").expect(200).expect("content-type", /json/);
    assert.deepEqual(response.body, { status: "ok" });
    assert.equal(queries, 0);
    await request(app).get("/ready").expect(200);
    assert.ok(queries > 0, "the counter sees the queries of /ready");
  });

  it("/ready answers 200 with the engine and the migration the database is on", async () => {
    const response = await request(appFor(database())).get("/ready").expect(200).expect("content-type", /json/);
    assert.deepEqual(response.body, {
      status: "ready",
      database: { engine: database().engine, reachable: true, migration: LATEST_MIGRATION, latestMigration: LATEST_MIGRATION, upToDate: true },
    });
  });

  it("answers 404 with JSON for an unknown path", async () => {
    const response = await request(appFor(database())).get("/nowhere").expect(404);
    assert.deepEqual(response.body, { error: "not found" });
  });
});

describeEachEngine(
  "GET /ready on a database behind the latest migration",
  (database) => {
    it("answers 503 naming the migration it is on while /health stays 200", async () => {
      const app = appFor(database());
      const empty = await request(app).get("/ready").expect(503);
      assert.deepEqual(empty.body, {
        status: "unavailable",
        database: { engine: database().engine, reachable: true, migration: null, latestMigration: LATEST_MIGRATION, upToDate: false },
      });
      await request(app).get("/health").expect(200);
    });
  },
  { migrate: false },
);

describeEachEngine("GET /ready when the database does not answer", (database) => {
  it("answers 503 with reachable: false", async () => {
    // A handle whose every query fails, as when the database server is down.
    const down: DatabaseHandle = {
      ...database(),
      db: database().db.withPlugin({
        transformQuery: () => {
          throw new Error("connection refused");
        },
        transformResult: async (args) => args.result,
      }),
    };
    const response = await request(appFor(down)).get("/ready").expect(503);
    assert.deepEqual(response.body, {
      status: "unavailable",
      database: { engine: database().engine, reachable: false, error: "connection refused" },
    });
    await request(appFor(down)).get("/health").expect(200);
  });
});
