import assert from "node:assert/strict";
import { it } from "node:test";
import { demoAsTietoXml } from "../../fixtures/ims-enterprise/demo-as-tieto.ts";
import { describeEachEngine } from "../../helpers/databases.ts";
import { importFiles } from "./helpers.ts";

const sorted = (values: Iterable<unknown>) => [...values].map(String).sort();

describeEachEngine("the demo municipality as an Edlevo export", (database) => {
  it("imports to the demo's own schools, classes, users, guardians and enrollments (same sourcedIds)", async () => {
    const { db } = database();
    const { xml, rows } = demoAsTietoXml({ students: 120, seed: 3 });
    const result = await importFiles(db, "edlevo", [{ name: "demo.xml", kind: "organization", open: async function* () { yield Buffer.from(xml); } }]);
    assert.equal(result.status, "succeeded");
    assert.deepEqual(result.warnings, []);
    const demo = (table: string) => rows[table] ?? [];
    const stored = async (table: "orgs" | "classes" | "users", where?: (r: Record<string, unknown>) => boolean) =>
      ((await db.selectFrom(table).selectAll().execute()) as Array<Record<string, unknown>>).filter(where ?? (() => true));

    assert.deepEqual(sorted((await stored("orgs")).map((o) => o.sourced_id)), sorted(demo("orgs").filter((o) => o.type === "school").map((o) => o.sourced_id)));
    assert.deepEqual(sorted((await stored("classes")).map((c) => `${c.sourced_id}/${c.class_type}/${c.school_sourced_id}`)), sorted(demo("classes").map((c) => `${c.sourced_id}/${c.class_type}/${c.school_sourced_id}`)));
    const demoRole = (role: unknown) => (role === "aide" || role === "administrator" || role === "teacher" ? "staff" : role);
    const importedRole = (role: unknown) => (role === "administrator" || role === "teacher" ? "staff" : role);
    assert.deepEqual(
      sorted((await stored("users")).map((u) => `${u.sourced_id}/${importedRole(u.role)}/${u.email}`)),
      sorted(demo("users").map((u) => `${u.sourced_id}/${demoRole(u.role)}/${u.email}`)),
    );
    const enrollments = await db.selectFrom("enrollments").select(["class_sourced_id", "user_sourced_id", "role", "primary"]).execute();
    assert.deepEqual(
      sorted(enrollments.map((e) => `${e.class_sourced_id}/${e.user_sourced_id}/${e.role}/${e.primary === true}`)),
      sorted(demo("enrollments").map((e) => `${e.class_sourced_id}/${e.user_sourced_id}/${e.role}/${e.primary === true}`)),
    );
    const agents = await db.selectFrom("user_agents").select(["user_sourced_id", "agent_sourced_id"]).execute();
    const studentIds = new Set(demo("users").filter((u) => u.role === "student").map((u) => u.sourced_id));
    assert.deepEqual(
      sorted(agents.filter((a) => studentIds.has(a.user_sourced_id)).map((a) => `${a.user_sourced_id}/${a.agent_sourced_id}`)),
      sorted(demo("user_agents").filter((a) => studentIds.has(a.user_sourced_id)).map((a) => `${a.user_sourced_id}/${a.agent_sourced_id}`)),
    );
  });
});
