import assert from "node:assert/strict";
import { before, it } from "node:test";
import type { Express } from "express";
import request from "supertest";
import { seedDemo } from "../../../src/demo/seed.ts";
import { describeEachEngine } from "../../helpers/databases.ts";
import { withStableOrigin } from "../../helpers/http.ts";
import { routesAs } from "../../helpers/v1p1-app.ts";

const BASE = "/ims/oneroster/v1p1";

describeEachEngine("large pages", (database) => {
  let app: Express;
  let total = 0;

  before(async () => {
    await seedDemo(database().db, { tenantId: "default", students: 120, seed: 5 });
    app = routesAs(database());
    total = Number((await request(app).get(`${BASE}/enrollments?limit=1`)).headers["x-total-count"]);
    assert.ok(total > 1500, `only ${total} enrollments`);
  });

  it("streams a page above 1000 records (chunked) with the same records, in order, as small pages", async () => {
    const big = await request(app).get(`${BASE}/enrollments?limit=1500&offset=20&sort=dateLastModified&orderBy=desc`);
    assert.equal(big.status, 200);
    assert.equal(big.headers["transfer-encoding"], "chunked");
    assert.equal(big.headers["content-length"], undefined);
    assert.equal(big.headers["x-total-count"], String(total));
    const pieces = [];
    for (const offset of [20, 520, 1020]) {
      const page = await request(app).get(`${BASE}/enrollments?limit=500&offset=${offset}&sort=dateLastModified&orderBy=desc`);
      assert.ok(page.headers["content-length"]);
      pieces.push(...(withStableOrigin(page.text) as { enrollments: unknown[] }).enrollments);
    }
    assert.equal(big.body.enrollments.length, 1500);
    assert.deepEqual((withStableOrigin(big.text) as { enrollments: unknown[] }).enrollments, pieces);
  });

  it("streams a whole small table with the envelope closed properly, warnings included", async () => {
    const response = await request(app).get(`${BASE}/enrollments?limit=10000&fields=sourcedId,role,shoeSize`);
    assert.equal(response.body.enrollments.length, total);
    assert.deepEqual(Object.keys(response.body.enrollments[0]), ["sourcedId", "role"]);
    assert.equal(response.body.statusInfoSet[0].imsx_CodeMinor.imsx_codeMinorField[0].imsx_codeMinorFieldValue, "invalid_selection_field");
    const ids = response.body.enrollments.map((e: { sourcedId: string }) => e.sourcedId);
    assert.deepEqual(ids, [...ids].sort());
    assert.equal(new Set(ids).size, total);
  });

  it("serves the configured maximum when asked for more", async () => {
    const capped = routesAs(database(), undefined, 1200);
    const response = await request(capped).get(`${BASE}/enrollments?limit=5000`);
    assert.equal(response.body.enrollments.length, 1200);
    assert.match(response.headers.link!, /limit=1200&offset=1200>; rel="next"/);
  });
});
