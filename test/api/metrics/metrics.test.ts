import assert from "node:assert/strict";
import { before, it } from "node:test";
import type { Express } from "express";
import request from "supertest";
import { createClient } from "../../../src/api/auth/clients.ts";
import { createApp } from "../../../src/api/app.ts";
import { readSettings } from "../../../src/config/env.ts";
import { createLogger } from "../../../src/log/logger.ts";
import { IDS, loadSmallMunicipality } from "../../fixtures/small-municipality.ts";
import { accessTokenFor, TEST_SECRET_BOX } from "../../helpers/api-auth.ts";
import { describeEachEngine } from "../../helpers/databases.ts";

const TOKEN = "metrics-token-0123456789abcdef";

function appWith(database: Parameters<typeof createApp>[0]["database"], token?: string, now?: () => Date): Express {
  return createApp({
    database,
    ...(now ? { now } : {}),
    logger: createLogger("silent"),
    secretBox: TEST_SECRET_BOX,
    settings: { ...readSettings({}), ...(token ? { METRICS_TOKEN: token } : {}) },
  });
}

async function scrape(app: Express): Promise<string[]> {
  const response = await request(app).get("/metrics").set("Authorization", `Bearer ${TOKEN}`).expect(200);
  assert.match(response.headers["content-type"]!, /^text\/plain; version=0\.0\.4/);
  return response.text.split("\n");
}

describeEachEngine("GET /metrics", (database) => {
  before(async () => {
    await loadSmallMunicipality(database().db);
  });

  it("is not served without METRICS_TOKEN, and wants the token's bearer when it is set", async () => {
    await request(appWith(database())).get("/metrics").expect(404);
    const app = appWith(database(), TOKEN);
    const missing = await request(app).get("/metrics").expect(401);
    assert.equal(missing.headers["www-authenticate"], 'Bearer realm="metrics"');
    await request(app).get("/metrics").set("Authorization", "Bearer metrics-token-0123456789abcdeX").expect(401);
    await request(app).get("/metrics").set("Authorization", `Bearer ${TOKEN}`).expect(200);
  });

  it("counts requests by method, route template and status, never by the raw URL", async () => {
    const app = appWith(database(), TOKEN);
    const { clientId, clientSecret } = await createClient(database().db, TEST_SECRET_BOX, {
      tenantId: "default",
      name: "metrics",
      scopes: ["roster.readonly"],
      schoolSourcedIds: null,
    });
    const bearer = `Bearer ${await accessTokenFor(app, clientId, clientSecret)}`;
    await request(app).get("/health").expect(200);
    await request(app).get("/health").expect(200);
    await request(app).get(`/ims/oneroster/v1p1/users/${IDS.student1}`).set("Authorization", bearer).expect(200);
    await request(app).get(`/ims/oneroster/v1p1/users/${IDS.teacher}`).set("Authorization", bearer).expect(200);
    await request(app).get("/ims/oneroster/v1p1/users/no-such-user").set("Authorization", bearer).expect(404);
    // Refused by authentication before any route ran: still labelled by the OneRoster path it asked for.
    await request(app).get(`/ims/oneroster/v1p1/schools/${IDS.school1}/classes`).expect(401);
    await request(app).get("/nowhere/12345").expect(404);

    const lines = await scrape(app);
    for (const expected of [
      'http_requests_total{method="GET",route="/health",status="200"} 2',
      'http_requests_total{method="POST",route="/token",status="200"} 1',
      'http_requests_total{method="GET",route="/ims/oneroster/v1p1/users/:sourcedId",status="200"} 2',
      'http_requests_total{method="GET",route="/ims/oneroster/v1p1/users/:sourcedId",status="404"} 1',
      'http_requests_total{method="GET",route="/ims/oneroster/v1p1/schools/:schoolSourcedId/classes",status="401"} 1',
      'http_requests_total{method="GET",route="unmatched",status="404"} 1',
      'http_request_duration_seconds_count{method="GET",route="/health",status="200"} 2',
      'http_request_duration_seconds_bucket{le="+Inf",method="GET",route="/ims/oneroster/v1p1/users/:sourcedId",status="200"} 2',
    ]) {
      assert.ok(lines.includes(expected), `missing: ${expected}`);
    }
    const requestLines = lines.filter((line) => line.startsWith("http_request"));
    for (const id of [IDS.student1, IDS.teacher, IDS.school1, "no-such-user", "12345"]) {
      assert.ok(!requestLines.some((line) => line.includes(id)), `a label holds the id ${id}`);
    }
    // Default process metrics are there too.
    assert.ok(lines.some((line) => line.startsWith("process_cpu_user_seconds_total ")));
    assert.ok(lines.some((line) => line.startsWith("nodejs_heap_size_used_bytes ")));
  });

  it("gives each app its own registry", async () => {
    const first = appWith(database(), TOKEN);
    const second = appWith(database(), TOKEN);
    await request(first).get("/health").expect(200);
    assert.ok((await scrape(first)).includes('http_requests_total{method="GET",route="/health",status="200"} 1'));
    assert.ok(!(await scrape(second)).some((line) => line.startsWith('http_requests_total{method="GET",route="/health"')));
  });

  it("reports import and export runs from the run tables, whichever process recorded them", async () => {
    const db = database().db;
    await db.insertInto("sources").values({ tenant_id: "default", id: "sis", kind: "ss12000" }).execute();
    const importRun = (id: string, status: "running" | "succeeded" | "failed", started: string, finished: string | null, counts = {}) => ({
      tenant_id: "default", id, source_id: "sis", source_kind: "ss12000", mode: "full" as const, status, started_at: started, finished_at: finished, counts,
    });
    await db
      .insertInto("sync_runs")
      .values([
        importRun("i1", "succeeded", "2026-11-24T02:00:00.000Z", "2026-11-24T02:01:00.000Z", { users: { created: 9, updated: 0, unchanged: 0, removed: 0, skipped: 0 } }),
        importRun("i2", "succeeded", "2026-11-25T02:00:00.000Z", "2026-11-25T02:00:42.500Z", {
          users: { created: 3, updated: 5, unchanged: 900, removed: 2, skipped: 1 },
          classes: { created: 0, updated: 0, unchanged: 40, removed: 0, skipped: 0 },
        }),
        importRun("i3", "failed", "2026-11-25T03:00:00.000Z", "2026-11-25T03:00:07.250Z"),
        importRun("i4", "running", "2026-11-25T04:00:00.000Z", null),
      ])
      .execute();
    await db
      .insertInto("export_runs")
      .values([
        { tenant_id: "default", id: "e1", target_id: "sds", target_kind: "sds", status: "succeeded", started_at: "2026-11-25T05:00:00.000Z", finished_at: "2026-11-25T05:00:04.000Z", counts: { users: { written: 10, skipped: 2 }, classes: { created: 1, unchanged: 7 } } },
        { tenant_id: "default", id: "e2", target_id: "sds", target_kind: "sds", status: "dry-run", started_at: "2026-11-25T06:00:00.000Z", finished_at: "2026-11-25T06:00:01.000Z", counts: { users: { written: 99 } } },
      ])
      .execute();

    const lines = await scrape(appWith(database(), TOKEN));
    const runLines = lines.filter((line) => line.startsWith("oneroster_")).sort();
    assert.deepEqual(runLines, [
      'oneroster_export_runs_total{tenant="default",target="sds",status="dry-run"} 1',
      'oneroster_export_runs_total{tenant="default",target="sds",status="succeeded"} 1',
      'oneroster_import_runs_total{tenant="default",source="sis",status="failed"} 1',
      'oneroster_import_runs_total{tenant="default",source="sis",status="running"} 1',
      'oneroster_import_runs_total{tenant="default",source="sis",status="succeeded"} 2',
      'oneroster_last_export_duration_seconds{tenant="default",target="sds"} 4',
      'oneroster_last_export_rows_changed{tenant="default",target="sds",entity="classes"} 1',
      'oneroster_last_export_rows_changed{tenant="default",target="sds",entity="users"} 10',
      'oneroster_last_export_success_timestamp_seconds{tenant="default",target="sds"} 1795582804',
      'oneroster_last_import_duration_seconds{tenant="default",source="sis"} 7.25',
      'oneroster_last_import_rows_changed{tenant="default",source="sis",entity="classes"} 0',
      'oneroster_last_import_rows_changed{tenant="default",source="sis",entity="users"} 10',
      'oneroster_last_import_success_timestamp_seconds{tenant="default",source="sis"} 1795572042.5',
    ]);
  });

  it("keeps counting runs right as they finish and as old runs leave the two-day window of recounted runs", async () => {
    const db = database().db;
    await db.insertInto("tenants").values({ id: "other", name: "Other" }).execute();
    await db.insertInto("sources").values({ tenant_id: "other", id: "extens", kind: "extens" }).execute();
    const run = (id: string, status: "running" | "succeeded" | "failed", started: string, finished: string | null) => ({
      tenant_id: "other", id, source_id: "extens", source_kind: "extens", mode: "full" as const, status, started_at: started, finished_at: finished,
      counts: { users: { created: 1, updated: 0, unchanged: 0, removed: 0, skipped: 0 } },
    });
    const clock = { now: new Date("2026-12-01T12:00:00.000Z") };
    const app = appWith(database(), TOKEN, () => clock.now);
    const linesOf = async () => (await scrape(app)).filter((line) => line.startsWith("oneroster_import_runs_total{tenant=\"other\"")).sort();

    await db.insertInto("sync_runs").values([run("o1", "succeeded", "2026-11-20T02:00:00.000Z", "2026-11-20T02:01:00.000Z"), run("o2", "running", "2026-11-30T02:00:00.000Z", null)]).execute();
    assert.deepEqual(await linesOf(), [
      'oneroster_import_runs_total{tenant="other",source="extens",status="running"} 1',
      'oneroster_import_runs_total{tenant="other",source="extens",status="succeeded"} 1',
    ]);

    await db.updateTable("sync_runs").set({ status: "succeeded", finished_at: "2026-11-30T02:05:00.000Z" }).where("tenant_id", "=", "other").where("id", "=", "o2").execute();
    await db.insertInto("sync_runs").values(run("o3", "failed", "2026-12-01T02:00:00.000Z", "2026-12-01T02:00:30.000Z")).execute();
    assert.deepEqual(await linesOf(), [
      'oneroster_import_runs_total{tenant="other",source="extens",status="failed"} 1',
      'oneroster_import_runs_total{tenant="other",source="extens",status="succeeded"} 2',
    ]);

    clock.now = new Date("2026-12-05T12:00:00.000Z");
    await db.insertInto("sync_runs").values(run("o4", "succeeded", "2026-12-05T02:00:00.000Z", "2026-12-05T02:00:10.000Z")).execute();
    const lines = await scrape(app);
    assert.deepEqual(lines.filter((line) => line.startsWith("oneroster_import_runs_total{tenant=\"other\"")).sort(), [
      'oneroster_import_runs_total{tenant="other",source="extens",status="failed"} 1',
      'oneroster_import_runs_total{tenant="other",source="extens",status="succeeded"} 3',
    ]);
    assert.ok(lines.includes('oneroster_last_import_duration_seconds{tenant="other",source="extens"} 10'));
    assert.ok(lines.includes('oneroster_last_import_success_timestamp_seconds{tenant="other",source="extens"} 1796436010'));
  });

  it("still answers when the database does not, with the run metrics left empty rather than stale", async () => {
    const failing = {
      ...database(),
      db: database().db.withPlugin({
        transformQuery: () => {
          throw new Error("connection refused");
        },
        transformResult: async (args) => args.result,
      }),
    };
    const lines = await scrape(appWith(failing, TOKEN));
    assert.deepEqual(lines.filter((line) => line.startsWith("oneroster_")), []);
    assert.ok(lines.includes("# TYPE oneroster_import_runs_total counter"));
    assert.ok(lines.some((line) => line.startsWith("process_cpu_user_seconds_total ")));
  });
});
