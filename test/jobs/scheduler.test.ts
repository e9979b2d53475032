import assert from "node:assert/strict";
import { after, before, it } from "node:test";
import { openDatabase, type DatabaseHandle } from "../../db/connection.ts";
import type { PipelineResult } from "../../src/jobs/pipeline.ts";
import { startScheduler } from "../../src/jobs/scheduler.ts";
import type { TenantBusyError } from "../../src/jobs/tenant-lock.ts";
import { startFakeSs12000, type FakeSs12000 } from "../fakes/ss12000/server.ts";
import { describeEachEngine } from "../helpers/databases.ts";
import { pipelineSetupYaml, setupFolder, silentLogger } from "./pipeline-fixture.ts";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describeEachEngine("two schedulers firing the same tenant", (database) => {
  let fake: FakeSs12000;
  let setup: Awaited<ReturnType<typeof setupFolder>>;
  /** The second scheduler's database: another pool on the same Postgres schema (a replica), or the one PGlite. */
  let replica: DatabaseHandle;
  before(async () => {
    fake = await startFakeSs12000({ students: 10, seed: 4 });
    setup = await setupFolder(pipelineSetupYaml(fake, { schedule: "* * * * * *" }));
    const primary = database();
    replica = primary.engine === "postgres" ? await openDatabase({ databaseUrl: process.env.TEST_DATABASE_URL!, schema: primary.schema!, poolSize: 4 }) : primary;
  });
  after(async () => {
    if (replica !== database()) await replica.close();
    await fake.close();
    await setup.cleanup();
  });

  const runRecords = async () => {
    const { db } = database();
    const imports = await db.selectFrom("sync_runs").select(["status", "started_at", "finished_at", "error"]).where("tenant_id", "=", "kommun").execute();
    const exports = await db.selectFrom("export_runs").select(["status", "started_at", "finished_at", "error"]).where("tenant_id", "=", "kommun").execute();
    return { imports, exports, all: [...imports, ...exports].sort((a, b) => a.started_at.getTime() - b.started_at.getTime()) };
  };

  it("run the tenant one at a time: a firing that finds it busy is refused, and no two runs overlap", async () => {
    // Each run waits 1.2 s for its first page, so the schedulers fire (every second) into each other's runs.
    fake.faults.slow({ path: "/organisations", page: 1, ms: 1200 });
    const finished: PipelineResult[] = [];
    const refused: TenantBusyError[] = [];
    const options = { setup: setup.loaded, logger: silentLogger, env: { SS_SECRET: fake.clientSecret }, onFinished: (r: PipelineResult) => finished.push(r), onRefused: (e: TenantBusyError) => refused.push(e) };
    const first = startScheduler({ ...options, database: database() });
    const second = startScheduler({ ...options, database: replica });
    assert.deepEqual(first.tenants.map((t) => [t.tenantId, t.schedule, t.timezone]), [["kommun", "* * * * * *", "Europe/Stockholm"]]);
    await sleep(2500);
    assert.deepEqual(await Promise.all([first.stop(20_000), second.stop(20_000)]), [true, true]);
    fake.faults.clear();

    assert.ok(refused.length >= 1, `refused ${refused.length}`);
    assert.ok(refused.every((e) => e.tenantId === "kommun"));
    assert.ok(finished.length >= 1 && finished.length <= 3, `finished ${finished.length}`);
    // The stop lets the step under way finish and begins no other, so the last pipeline may end "interrupted".
    assert.ok(finished.slice(0, -1).every((r) => r.status === "succeeded"));
    assert.ok(["succeeded", "interrupted"].includes(finished.at(-1)!.status));
    const { imports, exports, all } = await runRecords();
    // Refused firings record nothing: the steps of the pipelines that ran, and none at the same time.
    const steps = finished.flatMap((r) => [...r.imports, ...r.exports]).filter((step) => step.status === "succeeded");
    assert.equal(imports.length + exports.length, steps.length);
    assert.equal(imports.length, finished.length);
    for (let i = 1; i < all.length; i++) assert.ok(all[i - 1]!.finished_at!.getTime() <= all[i]!.started_at.getTime(), `run ${i - 1} ends before run ${i} begins`);

    // Stopped means stopped: nothing fires any more.
    await sleep(1100);
    assert.equal((await runRecords()).all.length, all.length);
  });

  it("on a stop that cannot wait, marks the run under way failed as interrupted", async () => {
    fake.faults.slow({ path: "/organisations", page: 1, ms: 1500 });
    let done!: () => void;
    const pipelineDone = new Promise<void>((resolve) => (done = resolve));
    const scheduler = startScheduler({ database: database(), setup: setup.loaded, logger: silentLogger, env: { SS_SECRET: fake.clientSecret }, onFinished: () => done() });
    const before = (await runRecords()).imports.length;
    while ((await runRecords()).imports.length === before) await sleep(100);
    assert.equal(await scheduler.stop(200), false);
    const marked = (await runRecords()).imports.slice(-1)[0]!;
    assert.deepEqual([marked.status, marked.error], ["failed", "interrupted: the scheduler was shut down before the run finished (an import under way is rolled back)"]);
    // (A process exits here; this test waits for the pipeline so the database can close.)
    await pipelineDone;
    fake.faults.clear();
  });
});
