import assert from "node:assert/strict";
import { before, it } from "node:test";
import { describeEachEngine } from "../helpers/databases.ts";
import { EVERY_COLUMN } from "./every-column.ts";

const user = (sourced_id: string) => ({ ...EVERY_COLUMN.users, sourced_id, username: sourced_id });
const org = (sourced_id: string) => ({ ...EVERY_COLUMN.orgs, sourced_id, parent_sourced_id: null });
const userOrg = (user_sourced_id: string, org_sourced_id: string) => ({ tenant_id: "t1", user_sourced_id, org_sourced_id, ordinal: 0 });
const userAgent = (user_sourced_id: string, agent_sourced_id: string) => ({ tenant_id: "t1", user_sourced_id, agent_sourced_id, ordinal: 0 });

describeEachEngine("a user's orgs and agents must exist, checked a statement at a time", (database) => {
  before(async () => {
    const { db } = database();
    for (const table of ["tenants", "sources"] as const) await db.insertInto(table).values(EVERY_COLUMN[table] as never).execute();
    await db.insertInto("orgs").values([org("org-1"), org("org-2"), org("org-3")]).execute();
    await db.insertInto("users").values([user("student"), user("guardian"), user("teacher")]).execute();
    await db.insertInto("user_orgs").values([userOrg("student", "org-1"), userOrg("guardian", "org-1"), userOrg("teacher", "org-2")]).execute();
    await db.insertInto("user_agents").values([userAgent("student", "guardian"), userAgent("guardian", "student")]).execute();
  });

  const links = async () => ({
    orgs: (await database().db.selectFrom("user_orgs").select(["user_sourced_id", "org_sourced_id"]).orderBy("user_sourced_id").execute()).map(
      (l) => `${l.user_sourced_id}→${l.org_sourced_id}`,
    ),
    agents: (await database().db.selectFrom("user_agents").select(["user_sourced_id", "agent_sourced_id"]).orderBy("user_sourced_id").execute()).map(
      (l) => `${l.user_sourced_id}→${l.agent_sourced_id}`,
    ),
  });
  const stored = { orgs: ["guardian→org-1", "student→org-1", "teacher→org-2"], agents: ["guardian→student", "student→guardian"] };

  it("refuses a statement with one link to a missing user, org or agent, naming it, and stores none of its rows", async () => {
    const { db } = database();
    await assert.rejects(db.insertInto("user_orgs").values([userOrg("teacher", "org-3"), userOrg("teacher", "gone")]).execute(), {
      code: "23503",
      message: `user_orgs row of user 'teacher' violates its foreign key: orgs 'gone' of tenant 't1' does not exist`,
    });
    await assert.rejects(db.insertInto("user_orgs").values(userOrg("nobody", "org-1")).execute(), {
      code: "23503",
      message: `user_orgs row of user 'nobody' violates its foreign key: users 'nobody' of tenant 't1' does not exist`,
    });
    await assert.rejects(db.insertInto("user_agents").values([userAgent("teacher", "student"), userAgent("teacher", "nobody")]).execute(), {
      code: "23503",
      message: `user_agents row of user 'teacher' violates its foreign key: users 'nobody' of tenant 't1' does not exist`,
    });
    await assert.rejects(db.updateTable("user_agents").set({ agent_sourced_id: "nobody" }).where("user_sourced_id", "=", "student").execute(), {
      code: "23503",
      message: `user_agents row of user 'student' violates its foreign key: users 'nobody' of tenant 't1' does not exist`,
    });
    await assert.rejects(db.insertInto("user_orgs").values({ ...userOrg("teacher", "org-1"), tenant_id: "t2" }).execute(), { code: "23503" });
    assert.deepEqual(await links(), stored);
  });

  it("refuses deleting an org or changing a key that a link names, and allows changes that leave every link whole", async () => {
    const { db } = database();
    await assert.rejects(db.deleteFrom("orgs").where("sourced_id", "=", "org-2").execute(), {
      code: "23503",
      message: `orgs 'org-2' of tenant 't1' is still named by a user_orgs row of user 'teacher' (foreign key)`,
    });
    await assert.rejects(db.updateTable("users").set({ sourced_id: "pupil" }).where("sourced_id", "=", "student").execute(), {
      code: "23503",
      message: /^users 'student' of tenant 't1' is still named by a user_(orgs|agents) row of user '(student|guardian)' \(foreign key\)$/,
    });
    await assert.rejects(db.updateTable("users").set({ sourced_id: "parent" }).where("sourced_id", "=", "guardian").execute(), { code: "23503" });
    assert.deepEqual(await links(), stored);

    await db.updateTable("users").set({ given_name: "Annie" }).where("sourced_id", "in", ["student", "guardian"]).execute();
    await db.updateTable("orgs").set({ name: "Ny skola" }).where("sourced_id", "=", "org-1").execute();
    await db.deleteFrom("orgs").where("sourced_id", "=", "org-3").execute();
    assert.deepEqual(await links(), stored);
  });

  it("deletes a user's links with the user, as user and as agent", async () => {
    const { db } = database();
    await db.deleteFrom("users").where("sourced_id", "=", "guardian").execute();
    assert.deepEqual(await links(), { orgs: ["student→org-1", "teacher→org-2"], agents: [] });
  });
});
