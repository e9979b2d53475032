import assert from "node:assert/strict";
import { it } from "node:test";
import type { Kysely } from "kysely";
import type { Database, SyncRunStatus } from "../../db/schema.ts";
import { approveHeldRun, HeldRunError, listHeldRuns, takeApproval, type HeldRunProblem } from "../../src/jobs/held-runs.ts";
import { withGeneratedStudents } from "../fixtures/sync-snapshots.ts";
import { describeEachEngine } from "../helpers/databases.ts";
import { createTenant, sync } from "../sync/helpers.ts";

async function addSource(db: Kysely<Database>, tenantId: string, sourceId: string): Promise<void> {
  await db.insertInto("sources").values({ tenant_id: tenantId, id: sourceId, kind: "ss12000" }).execute();
}

async function addRun(db: Kysely<Database>, tenantId: string, id: string, sourceId: string, status: SyncRunStatus, startedAt: string): Promise<void> {
  await db
    .insertInto("sync_runs")
    .values({
      tenant_id: tenantId,
      id,
      source_id: sourceId,
      source_kind: "ss12000",
      mode: "full",
      status,
      started_at: new Date(startedAt),
      finished_at: new Date(startedAt),
      error: status === "stopped" ? `guard stopped ${id}` : null,
    })
    .execute();
}

function refusedWith(problem: HeldRunProblem, message: RegExp) {
  return (error: unknown) => {
    assert.ok(error instanceof HeldRunError, String(error));
    assert.equal(error.problem, problem);
    assert.match(error.message, message);
    return true;
  };
}

describeEachEngine("held runs: listing, approving and taking an approval", (database) => {
  const T = "held";
  const OTHER = "held-other";

  it("lists the newest stopped run per source as held, until a later run of that source succeeds", async () => {
    const { db } = database();
    await createTenant(db, T);
    await createTenant(db, OTHER);
    for (const source of ["a", "b", "c"]) await addSource(db, T, source);
    await addSource(db, OTHER, "a");
    await addRun(db, T, "a-1", "a", "succeeded", "2026-11-20T02:00:00Z");
    await addRun(db, T, "a-2", "a", "stopped", "2026-11-21T02:00:00Z");
    await addRun(db, T, "a-3", "a", "stopped", "2026-11-22T02:00:00Z");
    await addRun(db, T, "a-4", "a", "failed", "2026-11-23T02:00:00Z");
    await addRun(db, T, "b-1", "b", "stopped", "2026-11-21T02:00:00Z");
    await addRun(db, T, "b-2", "b", "succeeded", "2026-11-22T02:00:00Z");
    await addRun(db, T, "c-1", "c", "stopped", "2026-11-20T02:00:00Z");
    await addRun(db, OTHER, "o-1", "a", "stopped", "2026-11-24T02:00:00Z");

    const held = await listHeldRuns(db, T);
    assert.deepEqual(held, [
      { tenantId: T, runId: "a-3", sourceId: "a", sourceKind: "ss12000", startedAt: new Date("2026-11-22T02:00:00Z"), error: "guard stopped a-3", approval: null },
      { tenantId: T, runId: "c-1", sourceId: "c", sourceKind: "ss12000", startedAt: new Date("2026-11-20T02:00:00Z"), error: "guard stopped c-1", approval: null },
    ]);
    assert.deepEqual((await listHeldRuns(db)).map((r) => `${r.tenantId}/${r.runId}`), [`${OTHER}/o-1`, `${T}/a-3`, `${T}/c-1`]);
  });

  it("refuses to approve an unknown run, a run that was not stopped, and a stopped run no longer held", async () => {
    const { db } = database();
    await assert.rejects(approveHeldRun(db, T, "nope", "admin"), refusedWith("not-found", /^tenant "held" has no run "nope"$/));
    await assert.rejects(approveHeldRun(db, OTHER, "a-3", "admin"), refusedWith("not-found", /no run "a-3"/), "another tenant's run is unknown");
    await assert.rejects(approveHeldRun(db, T, "a-1", "admin"), refusedWith("not-stopped", /it is succeeded/));
    await assert.rejects(approveHeldRun(db, T, "a-2", "admin"), refusedWith("superseded", /later run of source "a"/));
    await assert.rejects(approveHeldRun(db, T, "b-1", "admin"), refusedWith("superseded", /no longer held/));
    assert.deepEqual(await db.selectFrom("run_approvals").selectAll().execute(), []);
  });

  it("approves a held run once, recording who and when", async () => {
    const { db } = database();
    const at = new Date("2026-11-23T07:15:00.000Z");
    const approved = await approveHeldRun(db, T, "a-3", "admin", at);
    assert.deepEqual(approved.approval, { approvedBy: "admin", approvedAt: at, usedAt: null });
    assert.deepEqual(await db.selectFrom("run_approvals").selectAll().execute(), [
      { tenant_id: T, run_id: "a-3", approved_by: "admin", approved_at: at, used_at: null },
    ]);
    await assert.rejects(approveHeldRun(db, T, "a-3", "eve"), refusedWith("already-approved", /^run a-3 was already approved by admin at 2026-11-23T07:15:00.000Z$/));
    assert.deepEqual((await listHeldRuns(db, T))[0]?.approval, { approvedBy: "admin", approvedAt: at, usedAt: null });
  });

  it("gives the source's next run the approval exactly once", async () => {
    const { db } = database();
    assert.equal(await takeApproval(db, T, "c"), false, "held but not approved");
    assert.equal(await takeApproval(db, T, "b"), false, "nothing held");
    assert.equal(await takeApproval(db, OTHER, "a"), false, "the other tenant's source a has its own held run, unapproved");
    const usedAt = new Date("2026-11-24T02:00:00.500Z");
    assert.equal(await takeApproval(db, T, "a", usedAt), true);
    assert.equal(await takeApproval(db, T, "a"), false, "taken already");
    const row = await db.selectFrom("run_approvals").select(["run_id", "used_at"]).executeTakeFirstOrThrow();
    assert.deepEqual(row, { run_id: "a-3", used_at: usedAt });
  });

  it("does not hand out an approval that a later succeeded run has made stale", async () => {
    const { db } = database();
    await approveHeldRun(db, T, "c-1", "admin");
    await addRun(db, T, "c-2", "c", "succeeded", "2026-11-21T02:00:00Z");
    assert.equal(await takeApproval(db, T, "c"), false);
    assert.deepEqual((await listHeldRuns(db, T)).map((r) => r.runId), ["a-3"]);
  });

  it("end to end with the sync engine: a guard stop is held, approved, taken, and the forced run clears it", async () => {
    const { db } = database();
    const tenant = "held-sync";
    await createTenant(db, tenant);
    const guard = { minimum: 10 };
    assert.equal((await sync(db, tenant, withGeneratedStudents(60), { guard })).status, "succeeded");
    const stopped = await sync(db, tenant, withGeneratedStudents(30), { guard });
    assert.equal(stopped.status, "stopped");

    const [held] = await listHeldRuns(db, tenant);
    assert.equal(held?.runId, stopped.runId);
    assert.equal(held?.sourceId, "ss12000");
    assert.match(held?.error ?? "", /^mass-delete guard stopped the run, nothing was written: 30 of 67 active users/);

    await approveHeldRun(db, tenant, stopped.runId!, "admin");
    const force = await takeApproval(db, tenant, "ss12000");
    assert.equal(force, true);
    const applied = await sync(db, tenant, withGeneratedStudents(30), { guard, force });
    assert.equal(applied.status, "succeeded");
    assert.equal(applied.counts.users.removed, 30);
    assert.deepEqual(await listHeldRuns(db, tenant), []);
    assert.equal(await takeApproval(db, tenant, "ss12000"), false);
  });
});
