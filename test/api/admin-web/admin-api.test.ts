import assert from "node:assert/strict";
import { Writable } from "node:stream";
import { before, it } from "node:test";
import type { Express } from "express";
import request from "supertest";
import { createApp } from "../../../src/api/app.ts";
import { createClient } from "../../../src/api/auth/clients.ts";
import { readSettings } from "../../../src/config/env.ts";
import { createLogger } from "../../../src/log/logger.ts";
import { IDS, loadSmallMunicipality } from "../../fixtures/small-municipality.ts";
import { accessTokenFor, TEST_SECRET_BOX } from "../../helpers/api-auth.ts";
import { describeEachEngine } from "../../helpers/databases.ts";
import { ADMIN_HASH, ADMIN_PASSWORD, adminApp, GUARD_ERROR, RUNS, seedRuns, signIn } from "./admin-fixtures.ts";

const RUNS_PATH = "/admin/api/tenants/default/runs";

const HELD_RUN_JSON = {
  tenantId: "default",
  runId: RUNS.held,
  sourceId: "sis",
  sourceKind: "ss12000",
  startedAt: "2026-11-25T02:00:00.000Z",
  error: GUARD_ERROR,
  approval: null,
};

describeEachEngine("admin JSON API: run history", (database) => {
  let app: Express;
  const tokens = { full: "", schoolLimited: "", gradebook: "", otherTenant: "" };

  before(async () => {
    const { db } = database();
    await loadSmallMunicipality(db);
    await seedRuns(db);
    await db.insertInto("tenants").values({ id: "other", name: "Annan kommun" }).execute();
    app = adminApp(database());
    const make = async (tenantId: string, scopes: string[], schools: string[] | null) => {
      const { clientId, clientSecret } = await createClient(db, TEST_SECRET_BOX, { tenantId, name: "ops", scopes, schoolSourcedIds: schools });
      return accessTokenFor(app, clientId, clientSecret);
    };
    tokens.full = await make("default", ["roster.readonly"], null);
    tokens.schoolLimited = await make("default", ["roster.readonly"], [IDS.school1]);
    tokens.gradebook = await make("default", ["gradebook.readonly"], null);
    tokens.otherTenant = await make("other", ["roster.readonly"], null);
  });

  it("lists a tenant's import and export runs and its held runs to a signed-in admin", async () => {
    const agent = request.agent(app);
    await signIn(agent);
    const response = await agent.get(RUNS_PATH);
    assert.equal(response.status, 200);
    assert.equal(response.headers["cache-control"], "no-store");
    const body = response.body as { tenantId: string; imports: Array<Record<string, unknown>>; exports: Array<Record<string, unknown>>; held: unknown[] };
    assert.equal(body.tenantId, "default");
    assert.deepEqual(body.imports.map((r) => [r.id, r.status]), [[RUNS.held, "stopped"], [RUNS.succeeded, "succeeded"]]);
    assert.deepEqual(body.imports[1], {
      id: RUNS.succeeded,
      tenantId: "default",
      sourceId: "sis",
      sourceKind: "ss12000",
      mode: "full",
      status: "succeeded",
      forced: false,
      startedAt: "2026-11-24T02:00:00.000Z",
      finishedAt: "2026-11-24T02:00:12.500Z",
      counts: {
        users: { created: 400, updated: 0, unchanged: 0, removed: 0, skipped: 2 },
        classes: { created: 12, updated: 0, unchanged: 0, removed: 0, skipped: 0 },
      },
      warnings: [{ entity: "users", sourcedId: "user-9", why: "no e-mail <address>" }],
      warningCount: 3,
      error: null,
    });
    assert.deepEqual(body.exports.map((r) => [r.id, r.targetId, r.status, r.error]), [[RUNS.exported, "sds", "failed", "SFTP upload refused"]]);
    assert.deepEqual(body.held, [HELD_RUN_JSON]);

    const one = await agent.get(`${RUNS_PATH}?limit=1`);
    assert.deepEqual((one.body as typeof body).imports.map((r) => r.id), [RUNS.held]);
    const bad = await agent.get(`${RUNS_PATH}?limit=0`);
    assert.equal(bad.status, 400);
    assert.equal(bad.body.statusInfoSet[0].imsx_description, "query limit: give a whole number from 1 to 500");
  });

  it("gives one run by id, with its held-run entry", async () => {
    const agent = request.agent(app);
    await signIn(agent);
    const held = await agent.get(`${RUNS_PATH}/${RUNS.held}`);
    assert.equal(held.status, 200);
    assert.equal(held.body.kind, "import");
    assert.equal(held.body.run.status, "stopped");
    assert.deepEqual(held.body.run.counts, { users: { created: 0, updated: 0, unchanged: 280, removed: 120, skipped: 0 } });
    assert.deepEqual(held.body.held, HELD_RUN_JSON);
    const exported = await agent.get(`${RUNS_PATH}/${RUNS.exported}`);
    assert.deepEqual([exported.body.kind, exported.body.run.counts, exported.body.held], ["export", { users: { written: 398 } }, null]);
    const unknown = await agent.get(`${RUNS_PATH}/nope`);
    assert.equal(unknown.status, 404);
    assert.equal(unknown.body.statusInfoSet[0].imsx_description, 'tenant "default" has no run "nope"');
    const otherTenant = await agent.get("/admin/api/tenants/nope/runs");
    assert.equal(otherTenant.status, 404);
    assert.equal(otherTenant.body.statusInfoSet[0].imsx_description, 'unknown tenant "nope"');
  });

  it("answers an API client of the tenant holding roster.readonly for every school, as the CSV export route does", async () => {
    const ok = await request(app).get(RUNS_PATH).auth(tokens.full, { type: "bearer" });
    assert.equal(ok.status, 200);
    assert.equal(ok.body.imports.length, 2);
    const limited = await request(app).get(RUNS_PATH).auth(tokens.schoolLimited, { type: "bearer" });
    assert.equal(limited.status, 403);
    assert.equal(limited.body.statusInfoSet[0].imsx_description, "the admin API is for clients that see every school of the tenant");
    const gradebook = await request(app).get(RUNS_PATH).auth(tokens.gradebook, { type: "bearer" });
    assert.equal(gradebook.status, 403);
    assert.match(gradebook.body.statusInfoSet[0].imsx_description, /needs the scope roster\.readonly/);
    const other = await request(app).get(`${RUNS_PATH}/${RUNS.held}`).auth(tokens.otherTenant, { type: "bearer" });
    assert.equal(other.status, 404);
    assert.equal(other.body.statusInfoSet[0].imsx_description, 'unknown tenant "default"');
    const anonymous = await request(app).get(RUNS_PATH);
    assert.equal(anonymous.status, 401);
    assert.deepEqual(anonymous.headers["www-authenticate"], 'Bearer realm="OneRoster", OAuth realm="OneRoster"');
    const forgedCookie = await request(app).get(RUNS_PATH).set("Cookie", "oneroster_admin=eyJhbGciOiJIUzI1NiJ9.e30.x");
    assert.equal(forgedCookie.status, 401);
  });

  it("keeps answering API clients when the admin page is disabled", async () => {
    const disabled = adminApp(database(), {});
    assert.equal((await request(disabled).get(RUNS_PATH).auth(tokens.full, { type: "bearer" })).status, 200);
    assert.equal((await request(disabled).get(RUNS_PATH)).status, 401);
  });

  it("never logs the password or the session cookie", async () => {
    let logged = "";
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logged += chunk.toString();
        done();
      },
    });
    const logging = createApp({ database: database(), logger: createLogger("info", sink), secretBox: TEST_SECRET_BOX, settings: { ...readSettings({}), ADMIN_PASSWORD_HASH: ADMIN_HASH } });
    const agent = request.agent(logging);
    const response = await signIn(agent);
    const token = /oneroster_admin=([^;]+)/.exec(String(response.headers["set-cookie"]))![1]!;
    await agent.get("/admin");
    assert.match(logged, /"admin signed in"/);
    assert.ok(!logged.includes(token), "the session token is not in the log");
    assert.ok(!logged.includes(ADMIN_PASSWORD) && !logged.includes(encodeURIComponent(ADMIN_PASSWORD)), "nor the password");
  });
});
