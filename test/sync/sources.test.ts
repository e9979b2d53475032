import assert from "node:assert/strict";
import { it } from "node:test";
import { smallSnapshot, type SnapshotData } from "../fixtures/sync-snapshots.ts";
import { describeEachEngine } from "../helpers/databases.ts";
import { createTenant, dumpTenant, rowOf, sync } from "./helpers.ts";

const T = "sources";

/** A second register of the same tenant: its own school and people, referring to the first source's district. */
function otherSource(): SnapshotData {
  return {
    orgs: [
      { sourcedId: "org-bjork", name: "Björkskolan (kapad)", type: "school" },
      { sourcedId: "org-gym", name: "Gymnasiet", type: "school", parentSourcedId: "org-district" },
    ],
    academicSessions: [],
    courses: [],
    classes: [],
    users: [{ sourcedId: "user-gym1", username: "gym1", givenName: "Sara", familyName: "Ek", role: "student", orgSourcedIds: ["org-gym", "org-bjork"] }],
    demographics: [],
    enrollments: [],
  };
}

/** Rows of a source, every column, as a comparable list. */
async function rowsOfSource(db: Parameters<typeof dumpTenant>[0], sourceId: string): Promise<string[]> {
  const dump = await dumpTenant(db, T);
  return Object.values(dump).flat().filter((r) => r.includes(`"source_id":"${sourceId}"`));
}

describeEachEngine("sync: sources of one tenant", (database) => {
  it("never overwrites a row of another source; the record is a warning", async () => {
    const { db } = database();
    await createTenant(db, T);
    await sync(db, T, smallSnapshot());
    const first = await rowsOfSource(db, "ss12000");
    const result = await sync(db, T, otherSource(), { sourceId: "extens", sourceKind: "extens" });
    assert.equal(result.status, "succeeded");
    assert.deepEqual(result.counts.orgs, { created: 1, updated: 0, unchanged: 0, removed: 0, skipped: 1 });
    assert.deepEqual(result.warnings, [
      { entity: "orgs", sourcedId: "org-bjork", why: 'the sourcedId belongs to source "ss12000" of the tenant; it is not overwritten' },
    ]);
    assert.equal(result.counts.users.created, 1, "references to another source's rows are fine");
    assert.equal((await rowOf(db, "orgs", T, "org-bjork")).name, "Björkskolan");
    assert.equal((await rowOf(db, "orgs", T, "org-gym")).source_id, "extens");
    assert.deepEqual(await rowsOfSource(db, "ss12000"), first);
  });

  it("removes only its own rows when its full snapshot is empty", async () => {
    const { db } = database();
    const first = await rowsOfSource(db, "ss12000");
    const empty: SnapshotData = { orgs: [], academicSessions: [], courses: [], classes: [], users: [], demographics: [], enrollments: [] };
    const result = await sync(db, T, empty, { sourceId: "extens", sourceKind: "extens" });
    assert.equal(result.counts.orgs.removed, 1);
    assert.equal(result.counts.users.removed, 1);
    assert.equal((await rowOf(db, "orgs", T, "org-gym")).status, "tobedeleted");
    assert.deepEqual(await rowsOfSource(db, "ss12000"), first);
  });
});
