import assert from "node:assert/strict";
import { it } from "node:test";
import { runSync } from "../../src/sync/engine.ts";
import { listRuns } from "../../src/sync/run-record.ts";
import { SyncError } from "../../src/sync/types.ts";
import { asSnapshot, smallSnapshot } from "../fixtures/sync-snapshots.ts";
import { describeEachEngine } from "../helpers/databases.ts";
import { createTenant, dumpDiff, dumpTenant, sync } from "./helpers.ts";

const T = "failure";

/** A run with something of every kind to do: a rename, a new user and enrollment, a removal. */
function busySnapshot() {
  const data = smallSnapshot();
  data.classes[0]!.title = "7A (ny)";
  data.users.push({ sourcedId: "user-new", username: "ny", givenName: "Ny", familyName: "Elev", role: "student", orgSourcedIds: ["org-ek"] });
  data.enrollments = data.enrollments.filter((e) => e.sourcedId !== "enr-6");
  data.enrollments.push({ sourcedId: "enr-new", classSourcedId: "class-sv7b", schoolSourcedId: "org-ek", userSourcedId: "user-new", role: "student" });
  return data;
}

describeEachEngine("sync: a failure rolls everything back", (database) => {
  it("leaves the data exactly as before when a hook throws in the middle of the apply, and records a failed run", async () => {
    const { db } = database();
    await createTenant(db, T);
    await sync(db, T, smallSnapshot());
    const before = await dumpTenant(db, T);
    let applied = 0;
    const error = await sync(db, T, busySnapshot(), {
      onProgress: (progress) => {
        if (progress.phase === "apply" && ++applied === 4) throw new Error("disk full (injected)");
      },
    }).catch((e: unknown) => e);
    assert.ok(error instanceof SyncError, String(error));
    assert.match(error.message, /disk full \(injected\)/);
    assert.ok(applied >= 4);
    assert.deepEqual(dumpDiff(before, await dumpTenant(db, T)), []);
    const [run] = await listRuns(db, T);
    assert.equal(run?.id, error.runId);
    assert.equal(run?.status, "failed");
    assert.match(run?.error ?? "", /disk full \(injected\)/);
    assert.ok(run?.finishedAt instanceof Date);
  });

  it("leaves the data exactly as before when the database refuses a row (NUL byte in text)", async () => {
    const { db } = database();
    const before = await dumpTenant(db, T);
    const data = busySnapshot();
    data.users.at(-1)!.familyName = "Nul\u0000byte";
    await assert.rejects(sync(db, T, data), SyncError);
    assert.deepEqual(dumpDiff(before, await dumpTenant(db, T)), []);
    assert.equal((await listRuns(db, T))[0]?.status, "failed");
  });

  it("writes nothing when the importer fails while it is read", async () => {
    const { db } = database();
    const before = await dumpTenant(db, T);
    const snapshot = asSnapshot(busySnapshot());
    snapshot.enrollments = (async function* () {
      yield* [];
      throw new Error("SS 12000 API answered 503");
    })();
    await assert.rejects(
      runSync(db, { tenantId: T, sourceId: "ss12000", sourceKind: "ss12000", mode: "full", snapshot }),
      /SS 12000 API answered 503/,
    );
    assert.deepEqual(dumpDiff(before, await dumpTenant(db, T)), []);
    const [run] = await listRuns(db, T);
    assert.equal(run?.status, "failed");
    assert.match(run?.error ?? "", /503/);
  });

  it("then applies the same snapshot cleanly", async () => {
    const { db } = database();
    const result = await sync(db, T, busySnapshot());
    assert.equal(result.counts.classes.updated, 1);
    assert.equal(result.counts.users.created, 1);
    assert.equal(result.counts.enrollments.created, 1);
    assert.equal(result.counts.enrollments.removed, 1);
  });
});
