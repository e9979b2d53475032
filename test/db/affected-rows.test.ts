import assert from "node:assert/strict";
import { it } from "node:test";
import { describeEachEngine } from "../helpers/databases.ts";

describeEachEngine("statements report how many rows they changed", (database) => {
  it("inserts, updates and deletes count their rows; a select through the same path is unaffected", async () => {
    const { db } = database();
    const inserted = await db
      .insertInto("tenants")
      .values([
        { id: "counted-a", name: "A" },
        { id: "counted-b", name: "B" },
        { id: "counted-c", name: "C" },
      ])
      .executeTakeFirstOrThrow();
    assert.equal(inserted.numInsertedOrUpdatedRows, 3n);

    const updated = await db.updateTable("tenants").set({ name: "Ändrad" }).where("id", "in", ["counted-a", "counted-b"]).executeTakeFirstOrThrow();
    assert.equal(updated.numUpdatedRows, 2n);
    const none = await db.updateTable("tenants").set({ name: "x" }).where("id", "=", "counted-none").executeTakeFirstOrThrow();
    assert.equal(none.numUpdatedRows, 0n);

    const deleted = await db.deleteFrom("tenants").where("id", "like", "counted-%").executeTakeFirstOrThrow();
    assert.equal(deleted.numDeletedRows, 3n);
    assert.deepEqual(await db.selectFrom("tenants").select("id").where("id", "like", "counted-%").execute(), []);
  });
});
