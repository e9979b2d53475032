import assert from "node:assert/strict";
import { before, it } from "node:test";
import { sql } from "kysely";
import { describeEachEngine } from "../helpers/databases.ts";
import { EVERY_COLUMN } from "./every-column.ts";

const LONG_AGO = new Date("2020-01-01T00:00:00.000Z");

describeEachEngine("a user's date_last_modified follows its child rows, unless the writer dates parents itself", (database) => {
  before(async () => {
    const { db } = database();
    for (const table of ["tenants", "sources", "orgs", "users"] as const) await db.insertInto(table).values(EVERY_COLUMN[table] as never).execute();
  });

  const userDate = async () => (await database().db.selectFrom("users").select("date_last_modified").executeTakeFirstOrThrow()).date_last_modified;
  const backdate = () => database().db.updateTable("users").set({ date_last_modified: LONG_AGO }).execute();

  it("moves when a child row is added or removed by any writer", async () => {
    const { db } = database();
    await backdate();
    await db.insertInto("user_orgs").values({ tenant_id: "t1", user_sourced_id: "user-1", org_sourced_id: "org-1", ordinal: 9 }).execute();
    assert.ok((await userDate()) > LONG_AGO, "after an insert");
    await backdate();
    await db.deleteFrom("user_orgs").where("ordinal", "=", 9).execute();
    assert.ok((await userDate()) > LONG_AGO, "after a delete");
  });

  it("stays when the transaction has said it dates parents itself, and only in that transaction", async () => {
    const { db } = database();
    await backdate();
    await db.transaction().execute(async (tx) => {
      await sql`select set_config('oneroster.parents_touched', 'on', true)`.execute(tx);
      await tx.insertInto("user_orgs").values({ tenant_id: "t1", user_sourced_id: "user-1", org_sourced_id: "org-1", ordinal: 9 }).execute();
      await tx.deleteFrom("user_orgs").where("ordinal", "=", 9).execute();
    });
    assert.deepEqual(await userDate(), LONG_AGO);
    await db.insertInto("user_orgs").values({ tenant_id: "t1", user_sourced_id: "user-1", org_sourced_id: "org-1", ordinal: 9 }).execute();
    assert.ok((await userDate()) > LONG_AGO, "the next transaction is touched again");
  });
});
