import assert from "node:assert/strict";
import { it } from "node:test";
import { listRuns } from "../../src/sync/run-record.ts";
import { smallSnapshot } from "../fixtures/sync-snapshots.ts";
import { describeEachEngine } from "../helpers/databases.ts";
import { createTenant, dumpDiff, dumpTenant, sync } from "./helpers.ts";

const T = "dry";

describeEachEngine("sync: dry runs", (database) => {
  it("return the diff of a first import and write nothing, not even the source or a run record", async () => {
    const { db } = database();
    await createTenant(db, T);
    const before = await dumpTenant(db, T);
    const result = await sync(db, T, smallSnapshot(), { dryRun: true, changeSample: 2 });
    assert.equal(result.status, "dry-run");
    assert.equal(result.runId, null);
    assert.deepEqual(result.counts.users, { created: 7, updated: 0, unchanged: 0, removed: 0, skipped: 0 });
    assert.deepEqual(result.changes.users, [
      { action: "create", sourcedId: "user-t1" },
      { action: "create", sourcedId: "user-t2" },
    ]);
    assert.deepEqual(dumpDiff(before, await dumpTenant(db, T)), []);
    assert.deepEqual(await listRuns(db, T), []);
  });

  it("list updates and removals against stored rows", async () => {
    const { db } = database();
    await sync(db, T, smallSnapshot());
    const before = await dumpTenant(db, T);
    const runs = (await listRuns(db, T)).length;
    const data = smallSnapshot();
    data.classes[2]!.title = "SV 7B (ny)";
    data.enrollments.pop();
    const result = await sync(db, T, data, { dryRun: true });
    assert.deepEqual(result.changes.classes, [{ action: "update", sourcedId: "class-sv7b" }]);
    assert.deepEqual(result.changes.enrollments, [{ action: "remove", sourcedId: "enr-7" }]);
    assert.deepEqual(result.changes.users, []);
    assert.deepEqual(dumpDiff(before, await dumpTenant(db, T)), []);
    assert.equal((await listRuns(db, T)).length, runs);
  });
});
