import assert from "node:assert/strict";
import { before, it } from "node:test";
import { sql, type Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { describeEachEngine } from "../helpers/databases.ts";
import { EVERY_COLUMN } from "./every-column.ts";

const enrollment = (sourced_id: string, changes: Record<string, string> = {}) => ({ ...EVERY_COLUMN.enrollments, sourced_id, ...changes });
const userOrg = (user_sourced_id: string, org_sourced_id: string) => ({ tenant_id: "t1", user_sourced_id, org_sourced_id, ordinal: 0 });
const userAgent = (user_sourced_id: string, agent_sourced_id: string) => ({ tenant_id: "t1", user_sourced_id, agent_sourced_id, ordinal: 0 });

const checkAtEnd = (tx: Kysely<Database>, table: string) => sql`select set_config(${`oneroster.refs_at_end_${table}`}, 'on', true)`.execute(tx);
const checkNow = (tx: Kysely<Database>, table: string) => sql`select oneroster_check_refs(${table}, 't1')`.execute(tx);

describeEachEngine("references a writer checks at its end (oneroster.refs_at_end_<table>, oneroster_check_refs)", (database) => {
  before(async () => {
    const { db } = database();
    for (const table of ["tenants", "sources", "orgs", "academic_sessions", "courses", "classes", "users"] as const) {
      await db.insertInto(table).values(EVERY_COLUMN[table] as never).execute();
    }
    await db.insertInto("enrollments").values(enrollment("enr-1")).execute();
  });

  const stored = async () => ({
    enrollments: (await database().db.selectFrom("enrollments").select("sourced_id").execute()).map((e) => e.sourced_id),
    userOrgs: (await database().db.selectFrom("user_orgs").select("org_sourced_id").execute()).map((l) => l.org_sourced_id),
    userAgents: (await database().db.selectFrom("user_agents").select("agent_sourced_id").execute()).map((l) => l.agent_sourced_id),
  });
  const nothingAdded = { enrollments: ["enr-1"], userOrgs: [], userAgents: [] };

  for (const { table, insert, message } of [
    {
      table: "enrollments",
      insert: (tx: Kysely<Database>) => tx.insertInto("enrollments").values([enrollment("enr-2"), enrollment("enr-3", { class_sourced_id: "gone" })]).execute(),
      message: `enrollment 'enr-3' violates its foreign key: class 'gone' of tenant 't1' does not exist`,
    },
    {
      table: "enrollments",
      insert: (tx: Kysely<Database>) => tx.updateTable("enrollments").set({ user_sourced_id: "nobody" }).where("sourced_id", "=", "enr-1").execute(),
      message: `enrollment 'enr-1' violates its foreign key: user 'nobody' of tenant 't1' does not exist`,
    },
    {
      table: "user_orgs",
      insert: (tx: Kysely<Database>) => tx.insertInto("user_orgs").values(userOrg("user-1", "gone")).execute(),
      message: `user_orgs row of user 'user-1' violates its foreign key: orgs 'gone' of tenant 't1' does not exist`,
    },
    {
      table: "user_agents",
      insert: (tx: Kysely<Database>) => tx.insertInto("user_agents").values(userAgent("user-1", "nobody")).execute(),
      message: `user_agents row of user 'user-1' violates its foreign key: users 'nobody' of tenant 't1' does not exist`,
    },
  ]) {
    it(`${table}: a statement passes once the writer takes the check, and its end check refuses it with the trigger's message (${message})`, async () => {
      const { db } = database();
      const rollback = new Error("rollback");
      await assert.rejects(
        db.transaction().execute(async (tx) => {
          await checkAtEnd(tx, table);
          await insert(tx);
          await assert.rejects(checkNow(tx, table), { code: "23503", message });
          throw rollback;
        }),
        rollback,
      );
      assert.deepEqual(await stored(), nothingAdded);
    });
  }

  it("leaves the other tables, and the writer's own rows once it turns the setting off, to the statement triggers", async () => {
    const { db } = database();
    await assert.rejects(
      db.transaction().execute(async (tx) => {
        await checkAtEnd(tx, "enrollments");
        await tx.insertInto("user_orgs").values(userOrg("user-1", "gone")).execute();
      }),
      { code: "23503", message: `user_orgs row of user 'user-1' violates its foreign key: orgs 'gone' of tenant 't1' does not exist` },
    );
    await assert.rejects(
      db.transaction().execute(async (tx) => {
        await checkAtEnd(tx, "enrollments");
        await sql`select set_config('oneroster.refs_at_end_enrollments', 'off', true)`.execute(tx);
        await tx.insertInto("enrollments").values(enrollment("enr-4", { user_sourced_id: "nobody" })).execute();
      }),
      { code: "23503", message: `enrollment 'enr-4' violates its foreign key: user 'nobody' of tenant 't1' does not exist` },
    );
    assert.deepEqual(await stored(), nothingAdded);
  });

  it("passes a tenant whose rows all name what exists, and the setting ends with the transaction", async () => {
    const { db } = database();
    await db.transaction().execute(async (tx) => {
      await checkAtEnd(tx, "enrollments");
      await tx.insertInto("enrollments").values(enrollment("enr-5")).execute();
      await tx.insertInto("user_orgs").values(userOrg("user-1", "org-1")).execute();
      await tx.insertInto("user_agents").values(userAgent("user-1", "user-1")).execute();
      for (const table of ["enrollments", "user_orgs", "user_agents"]) await checkNow(tx, table);
    });
    assert.deepEqual(await stored(), { enrollments: ["enr-1", "enr-5"], userOrgs: ["org-1"], userAgents: ["user-1"] });
    await assert.rejects(db.insertInto("enrollments").values(enrollment("enr-6", { class_sourced_id: "gone" })).execute(), { code: "23503" });
    await db.deleteFrom("user_agents").execute();
    await db.deleteFrom("user_orgs").execute();
    await db.deleteFrom("enrollments").where("sourced_id", "=", "enr-5").execute();
  });
});
