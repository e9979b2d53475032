import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { before, it } from "node:test";
import { sql, type Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { describeEachEngine } from "../helpers/databases.ts";
import { EVERY_COLUMN } from "./every-column.ts";

const stamp = async (db: Kysely<Database>, table: "users" | "classes", id: string) =>
  (await db.selectFrom(table).select("date_last_modified").where("tenant_id", "=", "t1").where("sourced_id", "=", id).executeTakeFirstOrThrow())
    .date_last_modified.getTime();

/** Runs a change in a transaction of its own, after the clock has moved on, and says whether the stamp moved. */
async function moves(db: Kysely<Database>, table: "users" | "classes", id: string, change: (tx: Kysely<Database>) => Promise<unknown>) {
  const before = await stamp(db, table, id);
  await sleep(15);
  await db.transaction().execute(change);
  const after = await stamp(db, table, id);
  assert.ok(after >= before);
  return after > before;
}

describeEachEngine("dateLastModified", (database) => {
  before(async () => {
    const { db } = database();
    for (const table of ["tenants", "sources", "orgs", "academic_sessions", "courses", "classes", "users"] as const) {
      await db.insertInto(table).values(EVERY_COLUMN[table] as never).execute();
    }
    await db.insertInto("academic_sessions").values({ ...EVERY_COLUMN.academic_sessions, sourced_id: "as-2", parent_sourced_id: null }).execute();
    await db.insertInto("orgs").values({ ...EVERY_COLUMN.orgs, sourced_id: "org-2", parent_sourced_id: null }).execute();
  });

  it("stays on an update that changes nothing", async () => {
    const { db } = database();
    assert.equal(await moves(db, "users", "user-1", (tx) => tx.updateTable("users").set({ given_name: "Anna", grades: ["07"] }).where("sourced_id", "=", "user-1").execute()), false);
  });

  it("moves on a real change", async () => {
    const { db } = database();
    assert.equal(await moves(db, "users", "user-1", (tx) => tx.updateTable("users").set({ given_name: "Anne" }).where("sourced_id", "=", "user-1").execute()), true);
    assert.equal(await moves(db, "users", "user-1", (tx) => tx.updateTable("users").set({ status: "active" }).where("sourced_id", "=", "user-1").execute()), true);
    assert.equal(await moves(db, "users", "user-1", (tx) => tx.updateTable("users").set({ metadata: { changed: true } }).where("sourced_id", "=", "user-1").execute()), true);
  });

  it("moves on the parent when its junction and child rows change, and not on a no-op update of them", async () => {
    const { db } = database();
    const t = "t1";
    const u = "user-1";
    assert.equal(await moves(db, "classes", "class-1", (tx) => tx.insertInto("class_terms").values({ tenant_id: t, class_sourced_id: "class-1", term_sourced_id: "as-2" }).execute()), true);
    assert.equal(await moves(db, "classes", "class-1", (tx) => tx.updateTable("class_terms").set({ ordinal: 0 }).where("term_sourced_id", "=", "as-2").execute()), false);
    assert.equal(await moves(db, "classes", "class-1", (tx) => tx.updateTable("class_terms").set({ ordinal: 5 }).where("term_sourced_id", "=", "as-2").execute()), true);
    assert.equal(await moves(db, "classes", "class-1", (tx) => tx.deleteFrom("class_terms").where("term_sourced_id", "=", "as-2").execute()), true);
    assert.equal(await moves(db, "users", u, (tx) => tx.insertInto("user_orgs").values({ tenant_id: t, user_sourced_id: u, org_sourced_id: "org-2" }).execute()), true);
    assert.equal(await moves(db, "users", u, (tx) => tx.insertInto("user_agents").values({ tenant_id: t, user_sourced_id: u, agent_sourced_id: u }).execute()), true);
    assert.equal(await moves(db, "users", u, (tx) => tx.insertInto("user_ids").values({ tenant_id: t, user_sourced_id: u, type: "ad", identifier: "x" }).execute()), true);
    assert.equal(await moves(db, "users", u, (tx) => tx.insertInto("user_roles").values({ tenant_id: t, user_sourced_id: u, org_sourced_id: "org-2", role: "teacher", role_type: "primary" }).execute()), true);
    assert.equal(await moves(db, "users", u, (tx) => tx.insertInto("user_profiles").values({ tenant_id: t, user_sourced_id: u, profile_id: "p", profile_type: "x", vendor_id: "v", credentials: "[]" }).execute()), true);
    assert.equal(await moves(db, "users", u, (tx) => tx.updateTable("user_profiles").set({ credentials: "[]" }).where("profile_id", "=", "p").execute()), false);
    assert.equal(await moves(db, "users", u, (tx) => tx.deleteFrom("user_ids").where("identifier", "=", "x").execute()), true);
  });

  it("is the transaction's time for a user inserted together with its orgs", async () => {
    const { db } = database();
    const times = await db.transaction().execute(async (tx) => {
      await tx.insertInto("users").values({ ...EVERY_COLUMN.users, sourced_id: "user-2" }).execute();
      await sleep(15);
      await tx.insertInto("user_orgs").values({ tenant_id: "t1", user_sourced_id: "user-2", org_sourced_id: "org-1" }).execute();
      const { rows } = await sql<{ now: Date }>`select now()::timestamptz(3) as now`.execute(tx);
      return { now: rows[0]!.now.getTime(), stamp: await stamp(tx, "users", "user-2") };
    });
    assert.equal(times.stamp, times.now);
  });
});
