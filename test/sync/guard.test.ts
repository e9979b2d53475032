import assert from "node:assert/strict";
import { it } from "node:test";
import { listRuns } from "../../src/sync/run-record.ts";
import { withGeneratedStudents } from "../fixtures/sync-snapshots.ts";
import { describeEachEngine } from "../helpers/databases.ts";
import { createTenant, dumpDiff, dumpTenant, sync } from "./helpers.ts";

const T = "guard";

describeEachEngine("sync: the mass-delete guard", (database) => {
  it("stop a run that would remove more than 10 % and at least 50 users, write nothing and explain", async () => {
    const { db } = database();
    await createTenant(db, T);
    const first = await sync(db, T, withGeneratedStudents(600));
    assert.equal(first.counts.users.created, 607);
    const before = await dumpTenant(db, T);

    const result = await sync(db, T, withGeneratedStudents(500));
    assert.equal(result.status, "stopped");
    assert.equal(result.guard.length, 1);
    const [trip] = result.guard;
    assert.equal(trip?.entity, "users");
    assert.equal(trip?.wouldRemove, 100);
    assert.equal(trip?.activeInTenant, 607);
    assert.equal(trip?.examples[0], "user-gen-0501");
    assert.equal(result.counts.users.removed, 100, "the counts say what the run would have done");
    assert.deepEqual(dumpDiff(before, await dumpTenant(db, T)), []);

    const [run] = await listRuns(db, T);
    assert.equal(run?.status, "stopped");
    assert.match(run?.error ?? "", /^mass-delete guard stopped the run, nothing was written: 100 of 607 active users \(16\.5 %\)/);
  });

  it("let a run through under a looser configured guard, in a dry run", async () => {
    const { db } = database();
    const result = await sync(db, T, withGeneratedStudents(500), { dryRun: true, guard: { share: 0.2 } });
    assert.equal(result.status, "dry-run");
    assert.deepEqual(result.guard, []);
  });

  it("apply with force", async () => {
    const { db } = database();
    const result = await sync(db, T, withGeneratedStudents(500), { force: true });
    assert.equal(result.status, "succeeded");
    assert.equal(result.forced, true);
    assert.equal(result.guard[0]?.wouldRemove, 100, "the result still says the guard would have stopped it");
    const removed = await db.selectFrom("users").select((eb) => eb.fn.countAll<string>().as("n")).where("tenant_id", "=", T).where("status", "=", "tobedeleted").executeTakeFirstOrThrow();
    assert.equal(Number(removed.n), 100);
    const [run] = await listRuns(db, T);
    assert.equal(run?.status, "succeeded");
    assert.equal(run?.forced, true);
  });

  it("let fewer than the minimum through even when they are a large share", async () => {
    const { db } = database();
    await createTenant(db, "guard-small");
    await sync(db, "guard-small", withGeneratedStudents(0));
    const data = withGeneratedStudents(0);
    data.users = data.users.slice(0, 3);
    data.enrollments = data.enrollments.filter((e) => ["user-t1", "user-s1", "user-s2"].includes(e.userSourcedId));
    data.demographics = [];
    const result = await sync(db, "guard-small", data);
    assert.equal(result.status, "succeeded");
    assert.equal(result.counts.users.removed, 4);
  });
});
