import assert from "node:assert/strict";
import { copyFile, mkdir } from "node:fs/promises";
import { join } from "node:path";
import { after, before, it } from "node:test";
import { fileURLToPath } from "node:url";
import { approveHeldRun } from "../../src/jobs/held-runs.ts";
import { runTenantPipeline } from "../../src/jobs/pipeline.ts";
import { startFakeGoogle, type FakeGoogle } from "../fakes/google/server.ts";
import { describeEachEngine } from "../helpers/databases.ts";
import { setupFolder, silentLogger } from "./pipeline-fixture.ts";

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/unikum/${name}`, import.meta.url));
/** A night of the Unikum fixture into `folder`/unikum/, where the setup reads it. */
async function unikumNight(folder: string, night: 1 | 2): Promise<void> {
  await mkdir(join(folder, "unikum"), { recursive: true });
  await copyFile(fixture(night === 1 ? "objects.txt" : "objects-2.txt"), join(folder, "unikum", "objects.txt"));
  await copyFile(fixture(night === 1 ? "relations.txt" : "relations-2.txt"), join(folder, "unikum", "relations.txt"));
}

const TEACHERS = ["karin.larare@exempelby.se", "per.mentorsson@exempelby.se"];
const STUDENTS = ["asa.oberg@elev.exempelby.se", "bjorn.ek@elev.exempelby.se", "tove.sjostrom@elev.exempelby.se"];

/** Two tenants reading the Unikum fixture (relative paths): one exports to Classroom, one has a touchy guard. */
function setupYaml(fake: FakeGoogle): string {
  return `tenants:
  - id: forskola
    sources:
      - id: unikum
        kind: unikum
        settings:
          files: [unikum/objects.txt, unikum/relations.txt]
    exporters:
      - id: classroom
        kind: classroom
        settings:
          adminSubject: ${fake.adminSubject}
          keyJson: env:CLASSROOM_KEY
          rootUrl: ${fake.url}
          tokenUrl: ${fake.tokenUrl}
          backoffBaseMs: 10
          backoffMaxMs: 50
  - id: held
    massDeleteGuard: { share: 0.1, minimum: 1 }
    sources:
      - id: unikum
        kind: unikum
        settings:
          files: [unikum/objects.txt, unikum/relations.txt]
    exporters:
      - id: csv
        kind: oneroster-csv
        out: out/held.zip
`;
}

describeEachEngine("the tenant pipeline with register kinds", (database) => {
  let fake: FakeGoogle;
  let setup: Awaited<ReturnType<typeof setupFolder>>;
  before(async () => {
    fake = await startFakeGoogle();
    for (const email of [...TEACHERS, ...STUDENTS]) fake.state.addUser(email);
    setup = await setupFolder(setupYaml(fake));
    await unikumNight(setup.folder, 1);
  });
  after(async () => {
    await fake.close();
    await setup.cleanup();
  });

  // 2026-09-01 in Stockholm: the fixture's classes are in HT 2026.
  const run = (tenantId: string) =>
    runTenantPipeline({
      database: database(),
      setup: setup.loaded,
      tenantId,
      logger: silentLogger,
      env: { CLASSROOM_KEY: JSON.stringify(fake.serviceAccountKey) },
      now: () => new Date("2026-09-01T04:00:00Z"),
    });
  const runs = async (tenantId: string) => ({
    imports: await database()
      .db.selectFrom("sync_runs")
      .select(["id", "source_id", "source_kind", "status", "forced", "error"])
      .where("tenant_id", "=", tenantId)
      .orderBy("started_at")
      .execute(),
    exports: await database().db.selectFrom("export_runs").select(["id", "target_id", "target_kind", "status", "error"]).where("tenant_id", "=", tenantId).orderBy("started_at").execute(),
  });

  it("imports Unikum files named relative to the setup, then keeps a Classroom course per class", async () => {
    const result = await run("forskola");
    assert.equal(result.status, "succeeded");
    const { imports, exports } = await runs("forskola");
    assert.deepEqual(imports, [{ id: result.imports[0]!.runId, source_id: "unikum", source_kind: "unikum", status: "succeeded", forced: false, error: null }]);
    assert.deepEqual(exports, [{ id: result.exports[0]!.runId, target_id: "classroom", target_kind: "classroom", status: "succeeded", error: null }]);
    const classes = await database().db.selectFrom("classes").select(["sourced_id", "title"]).where("tenant_id", "=", "forskola").orderBy("title").execute();
    assert.deepEqual(fake.state.summary(), {
      [`d:${classes[0]!.sourced_id}`]: {
        name: "4A",
        section: "Norrskolan",
        state: "ACTIVE",
        owner: "per.mentorsson@exempelby.se",
        teachers: ["per.mentorsson@exempelby.se"],
        students: STUDENTS,
        invited: [],
      },
      [`d:${classes[1]!.sourced_id}`]: {
        name: "Matematik åk 4 grupp 1",
        section: "Norrskolan",
        state: "ACTIVE",
        owner: "karin.larare@exempelby.se",
        teachers: ["karin.larare@exempelby.se"],
        students: STUDENTS,
        invited: [],
      },
    });
    assert.deepEqual(fake.grants, [fake.adminSubject]);
  });

  it("forces the run after an operator approves the one the guard held, once", async () => {
    const first = await run("held");
    assert.equal(first.status, "succeeded");

    await unikumNight(setup.folder, 2);
    try {
      const stopped = await run("held");
      assert.equal(stopped.status, "stopped");
      assert.deepEqual(stopped.exports, [{ exporterId: "csv", kind: "oneroster-csv", status: "skipped", error: "not run: import unikum stopped" }]);

      await approveHeldRun(database().db, "held", stopped.imports[0]!.runId!, "admin");
      const approved = await run("held");
      assert.equal(approved.status, "succeeded");
      assert.deepEqual(approved.imports.map((s) => [s.status, s.forced]), [["succeeded", true]]);

      const after = await run("held");
      assert.deepEqual(after.imports.map((s) => [s.status, s.forced]), [["succeeded", false]]);

      const { imports, exports } = await runs("held");
      assert.deepEqual(
        imports.map((r) => [r.id, r.source_kind, r.status, r.forced]),
        [
          [first.imports[0]!.runId, "unikum", "succeeded", false],
          [stopped.imports[0]!.runId, "unikum", "stopped", false],
          [approved.imports[0]!.runId, "unikum", "succeeded", true],
          [after.imports[0]!.runId, "unikum", "succeeded", false],
        ],
      );
      assert.match(imports[1]!.error!, /^mass-delete guard stopped the run, nothing was written: 1 of 6 active users/);
      assert.deepEqual(
        exports.map((r) => [r.id, r.target_id, r.status]),
        [first, approved, after].map((p) => [p.exports[0]!.runId, "csv", "succeeded"]),
      );
      const bjorn = await database().db.selectFrom("users").select("status").where("tenant_id", "=", "held").where("given_name", "=", "Björn").executeTakeFirstOrThrow();
      assert.equal(bjorn.status, "tobedeleted");
    } finally {
      await unikumNight(setup.folder, 1);
    }
  });
});
