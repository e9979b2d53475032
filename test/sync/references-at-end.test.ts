import assert from "node:assert/strict";
import { before, it } from "node:test";
import type { Row } from "../../src/sync/entities.ts";
import { SPECS } from "../../src/sync/entities.ts";
import { PlanWriter } from "../../src/sync/apply.ts";
import type { Batch } from "../../src/sync/plan.ts";
import { EVERY_COLUMN } from "../db/every-column.ts";
import { describeEachEngine } from "../helpers/databases.ts";

const { tenant_id: _t, sourced_id: _s, source_id: _src, status: _st, sync_hash: _h, ...columns } = EVERY_COLUMN.enrollments;

function batchOf(...enrollments: Array<[sourcedId: string, userSourcedId: string]>): Batch {
  const creates = new Map(enrollments.map(([id, user]) => [id, { row: { ...columns, user_sourced_id: user } as Row, children: [], selfReferences: [], hash: `hash-${id}` }]));
  return { creates, updates: new Map() };
}

const spec = SPECS.enrollments;
const dangling = { code: "23503", message: `enrollment 'enr-a' violates its foreign key: user 'nobody' of tenant 't1' does not exist` };

describeEachEngine("the sync writer checks the references of a large run's enrollments at the entity's end", (database) => {
  before(async () => {
    const { db } = database();
    for (const table of ["tenants", "sources", "orgs", "academic_sessions", "courses", "classes", "users"] as const) {
      await db.insertInto(table).values(EVERY_COLUMN[table] as never).execute();
    }
  });

  const storedEnrollments = async () => (await database().db.selectFrom("enrollments").select("sourced_id").execute()).length;

  it("below the threshold a statement naming a missing user is refused as it is written", async () => {
    const writer = new PlanWriter(database().db, { tenantId: "t1", sourceId: "src", onProgress: () => {} });
    await writer.write(spec, batchOf(["enr-a", "nobody"]));
    // The next write waits for the one in flight, and so meets its failure.
    await assert.rejects(writer.write(spec, batchOf(["enr-b", "user-1"])), dangling);
    await writer.rollback();
    assert.equal(await storedEnrollments(), 0);
  });

  it("from the threshold on the statements pass, and the entity's end refuses the run with the same message", async () => {
    const writer = new PlanWriter(database().db, { tenantId: "t1", sourceId: "src", onProgress: () => {}, refsAtEndFrom: 1 });
    await writer.write(spec, batchOf(["enr-0", "user-1"]));
    await writer.write(spec, batchOf(["enr-a", "nobody"]));
    await writer.write(spec, batchOf(["enr-b", "user-1"]));
    await assert.rejects(writer.endEntity(spec), dangling);
    await writer.rollback();
    assert.equal(await storedEnrollments(), 0);
  });

  it("a large run whose references all hold commits", async () => {
    const writer = new PlanWriter(database().db, { tenantId: "t1", sourceId: "src", onProgress: () => {}, refsAtEndFrom: 1 });
    await writer.write(spec, batchOf(["enr-0", "user-1"], ["enr-1", "user-1"]));
    await writer.write(spec, batchOf(["enr-2", "user-1"]));
    await writer.endEntity(spec);
    await writer.commit(new Map());
    assert.equal(await storedEnrollments(), 3);
  });
});
