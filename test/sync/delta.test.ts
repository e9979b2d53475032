import assert from "node:assert/strict";
import { it } from "node:test";
import { SyncError } from "../../src/sync/types.ts";
import { smallSnapshot, type SnapshotData } from "../fixtures/sync-snapshots.ts";
import { describeEachEngine } from "../helpers/databases.ts";
import { createTenant, dumpDiff, dumpTenant, rowOf, sync } from "./helpers.ts";

const T = "delta";
const empty = (): SnapshotData => ({ orgs: [], academicSessions: [], courses: [], classes: [], users: [], demographics: [], enrollments: [] });

describeEachEngine("sync: delta imports", (database) => {
  it("apply explicit deletions and touch nothing else", async () => {
    const { db } = database();
    await createTenant(db, T);
    await sync(db, T, smallSnapshot());
    const before = await dumpTenant(db, T);
    const result = await sync(db, T, empty(), {
      mode: "delta",
      deletions: [
        { entity: "enrollments", sourcedId: "enr-2" },
        { entity: "users", sourcedId: "user-nobody" },
      ],
    });
    assert.equal(result.status, "succeeded");
    assert.deepEqual(result.counts.enrollments, { created: 0, updated: 0, unchanged: 0, removed: 1, skipped: 0 });
    assert.equal(result.counts.users.removed, 0);
    assert.deepEqual(result.warnings, [{ entity: "users", sourcedId: "user-nobody", why: "deletion ignored: no such row of this source" }]);
    const diff = dumpDiff(before, await dumpTenant(db, T));
    assert.equal(diff.length, 2, diff.join("\n"));
    assert.ok(diff.every((l) => l.includes('"sourced_id":"enr-2"')));
    assert.equal((await rowOf(db, "enrollments", T, "enr-2")).status, "tobedeleted");
  });

  it("upsert the records it carries and never remove what it does not name", async () => {
    const { db } = database();
    const data = empty();
    const renamed = smallSnapshot().users[2]!;
    renamed.familyName = "Larsson Berg";
    data.users.push(renamed);
    data.enrollments.push({ sourcedId: "enr-new", classSourcedId: "class-ma7a", schoolSourcedId: "org-bjork", userSourcedId: "user-s2", role: "student" });
    const before = await dumpTenant(db, T);
    const result = await sync(db, T, data, { mode: "delta" });
    assert.deepEqual(result.counts.users, { created: 0, updated: 1, unchanged: 0, removed: 0, skipped: 0 });
    assert.deepEqual(result.counts.enrollments, { created: 1, updated: 0, unchanged: 0, removed: 0, skipped: 0 });
    const diff = dumpDiff(before, await dumpTenant(db, T));
    assert.equal(diff.length, 3, diff.join("\n"));
    assert.equal((await rowOf(db, "users", T, "user-s1")).family_name, "Larsson Berg");
  });

  it("refuse explicit deletions in a full import", async () => {
    const { db } = database();
    await assert.rejects(sync(db, T, smallSnapshot(), { deletions: [{ entity: "users", sourcedId: "user-s1" }] }), SyncError);
  });
});
