import assert from "node:assert/strict";
import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { after, before, beforeEach, it } from "node:test";
import { runTenantPipeline, UnknownTenantError, type PipelineOptions } from "../../src/jobs/pipeline.ts";
import { TenantBusyError, withTenantLock } from "../../src/jobs/tenant-lock.ts";
import { startFakeSs12000, type FakeSs12000 } from "../fakes/ss12000/server.ts";
import { describeEachEngine } from "../helpers/databases.ts";
import { pipelineSetupYaml, setupFolder, silentLogger } from "./pipeline-fixture.ts";

const exists = (path: string) => stat(path).then(() => true, () => false);

describeEachEngine("the tenant pipeline", (database) => {
  let fake: FakeSs12000;
  let setup: Awaited<ReturnType<typeof setupFolder>>;
  before(async () => {
    fake = await startFakeSs12000({ students: 20, seed: 3 });
    setup = await setupFolder(pipelineSetupYaml(fake, { guard: "    massDeleteGuard: { share: 0.2, minimum: 5 }\n" }));
  });
  after(async () => {
    await fake.close();
    await setup.cleanup();
  });
  beforeEach(() => fake.faults.clear());

  const run = (options: Partial<PipelineOptions> = {}) =>
    runTenantPipeline({ database: database(), setup: setup.loaded, tenantId: "kommun", logger: silentLogger, env: { SS_SECRET: fake.clientSecret }, ...options });
  const runs = async () => ({
    imports: await database().db.selectFrom("sync_runs").select(["id", "source_id", "status", "forced", "error"]).where("tenant_id", "=", "kommun").orderBy("started_at").execute(),
    exports: await database().db.selectFrom("export_runs").select(["id", "target_id", "target_kind", "status", "error"]).where("tenant_id", "=", "kommun").orderBy("started_at").execute(),
  });

  it("imports, then exports, recording every run", async () => {
    const result = await run();
    assert.equal(result.status, "succeeded");
    const { imports, exports } = await runs();
    assert.deepEqual(
      imports.map((r) => [r.source_id, r.status, r.error]),
      [["sis", "succeeded", null]],
    );
    assert.deepEqual(
      exports.map((r) => [r.target_id, r.target_kind, r.status, r.error]),
      [
        ["csv", "oneroster-csv", "succeeded", null],
        ["sds", "sds", "succeeded", null],
      ],
    );
    assert.deepEqual(result.imports, [{ sourceId: "sis", kind: "ss12000", status: "succeeded", forced: false, runId: imports[0]!.id }]);
    assert.deepEqual(result.exports, [
      { exporterId: "csv", kind: "oneroster-csv", status: "succeeded", runId: exports[0]!.id },
      { exporterId: "sds", kind: "sds", status: "succeeded", runId: exports[1]!.id },
    ]);
    assert.ok(await exists(join(setup.folder, "out", "oneroster.zip")));
    assert.deepEqual((await readdir(join(setup.folder, "out", "sds"))).sort(), ["academicSessions.csv", "classes.csv", "courses.csv", "enrollments.csv", "orgs.csv", "roles.csv", "users.csv"]);
    const users = await database().db.selectFrom("users").select((eb) => eb.fn.countAll<string>().as("n")).where("tenant_id", "=", "kommun").executeTakeFirstOrThrow();
    assert.ok(Number(users.n) > 20);
  });

  it("marks a failing import failed and skips every export of the night", async () => {
    const before = await runs();
    fake.faults.serverError({ path: "/organisations", times: 5 });
    const result = await run();
    assert.equal(result.status, "failed");
    const after = await runs();
    const failed = after.imports.slice(before.imports.length);
    assert.deepEqual(
      failed.map((r) => [r.source_id, r.status]),
      [["sis", "failed"]],
    );
    assert.match(failed[0]!.error!, /GET \/organisations \(organisations page 1\) failed after 1 attempts: 500 Internal Server Error/);
    assert.equal(after.exports.length, before.exports.length, "no export ran");
    assert.deepEqual(result.imports, [{ sourceId: "sis", kind: "ss12000", status: "failed", forced: false, runId: failed[0]!.id, error: result.imports[0]!.error }]);
    assert.match(result.imports[0]!.error!, /^sync of source "sis" \(tenant "kommun"\) failed, nothing was written: GET \/organisations/);
    assert.deepEqual(result.exports, [
      { exporterId: "csv", kind: "oneroster-csv", status: "skipped", error: "not run: import sis failed" },
      { exporterId: "sds", kind: "sds", status: "skipped", error: "not run: import sis failed" },
    ]);
  });

  it("skips the exports when the mass-delete guard stops an import, and forces it when decideForce says so", async () => {
    const hidden = fake.dropShare("student", 0.5);
    try {
      const before = await runs();
      const stopped = await run();
      assert.equal(stopped.status, "stopped");
      assert.equal(stopped.imports[0]!.status, "stopped");
      assert.deepEqual(stopped.exports.map((e) => e.status), ["skipped", "skipped"]);
      const afterStop = await runs();
      assert.deepEqual(afterStop.imports.slice(before.imports.length).map((r) => r.status), ["stopped"]);
      assert.equal(afterStop.exports.length, before.exports.length);

      const asked: string[] = [];
      const forced = await run({ decideForce: async (tenantId, sourceId) => (asked.push(`${tenantId}/${sourceId}`), true) });
      assert.deepEqual(asked, ["kommun/sis"]);
      assert.equal(forced.status, "succeeded");
      assert.deepEqual([forced.imports[0]!.status, forced.imports[0]!.forced], ["succeeded", true]);
      const afterForce = await runs();
      assert.deepEqual(afterForce.imports.slice(afterStop.imports.length).map((r) => [r.status, r.forced]), [["succeeded", true]]);
      assert.deepEqual(afterForce.exports.slice(afterStop.exports.length).map((r) => r.status), ["succeeded", "succeeded"]);
      assert.ok(hidden.length > 0);
    } finally {
      fake.restoreShare();
    }
  });

  it("is refused, not queued, while another run holds the tenant, and starts nothing", async () => {
    const before = await runs();
    let release!: () => void;
    let acquired!: () => void;
    const holding = new Promise<void>((resolve) => (acquired = resolve));
    const held = withTenantLock(database(), "kommun", "import sis", () => new Promise<void>((resolve) => ((release = resolve), acquired())));
    await holding;
    try {
      await assert.rejects(run(), (error: unknown) => error instanceof TenantBusyError && error.tenantId === "kommun");
    } finally {
      release();
      await held;
    }
    assert.deepEqual(await runs(), before);
  });

  it("records an import that fails before the sync engine begins (a missing zip) as a failed run", async () => {
    const csvSetup = await setupFolder(
      "tenants:\n  - id: friskola\n    name: Friskolan Exempel\n    sources:\n      - id: drop\n        kind: oneroster-csv\n        settings: { file: in/missing.zip }\n    exporters:\n      - id: csv\n        kind: oneroster-csv\n        out: out/x.zip\n",
    );
    try {
      const result = await runTenantPipeline({ database: database(), setup: csvSetup.loaded, tenantId: "friskola", logger: silentLogger });
      assert.deepEqual(await database().db.selectFrom("tenants").select(["id", "name"]).where("id", "=", "friskola").execute(), [{ id: "friskola", name: "Friskolan Exempel" }]);
      const missing = join(csvSetup.folder, "in", "missing.zip");
      assert.equal(result.status, "failed");
      const rows = await database().db.selectFrom("sync_runs").select(["id", "source_id", "source_kind", "status", "error"]).where("tenant_id", "=", "friskola").execute();
      assert.deepEqual(rows, [{ id: result.imports[0]!.runId, source_id: "drop", source_kind: "oneroster-csv", status: "failed", error: `${missing}: no such file` }]);
      assert.deepEqual(result.exports, [{ exporterId: "csv", kind: "oneroster-csv", status: "skipped", error: "not run: import drop failed" }]);
      assert.equal(await exists(join(csvSetup.folder, "out", "x.zip")), false);
    } finally {
      await csvSetup.cleanup();
    }
  });

  it("names a tenant the setup does not have", async () => {
    await assert.rejects(run({ tenantId: "annan" }), (error: unknown) => {
      assert.ok(error instanceof UnknownTenantError);
      assert.equal(error.message, `the setup ${setup.loaded.file} has no tenant "annan" (it has kommun)`);
      return true;
    });
  });
});
