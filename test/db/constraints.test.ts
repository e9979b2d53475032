import assert from "node:assert/strict";
import { before, it } from "node:test";
import { describeEachEngine } from "../helpers/databases.ts";
import { EVERY_COLUMN } from "./every-column.ts";

describeEachEngine("constraints refuse bad rows and store nothing", (database) => {
  before(async () => {
    const { db } = database();
    for (const table of ["tenants", "sources", "orgs", "academic_sessions", "courses", "classes", "users"] as const) {
      await db.insertInto(table).values(EVERY_COLUMN[table] as never).execute();
    }
    await db.insertInto("tenants").values({ id: "t2", name: "Tvåan" }).execute();
    await db.insertInto("sources").values({ tenant_id: "t2", id: "src", kind: "demo" }).execute();
    await db.insertInto("orgs").values({ ...EVERY_COLUMN.orgs, tenant_id: "t2", sourced_id: "org-2only", parent_sourced_id: null }).execute();
  });

  const refuses = async (label: string, attempt: () => Promise<unknown>, error: RegExp) => {
    await assert.rejects(attempt, error, label);
  };

  it("refuses values outside the enumerations", async () => {
    const { db } = database();
    await refuses("status", () => db.insertInto("orgs").values({ ...EVERY_COLUMN.orgs, sourced_id: "x1", status: "inactive" as never }).execute(), /check constraint/);
    await refuses("org type", () => db.insertInto("orgs").values({ ...EVERY_COLUMN.orgs, sourced_id: "x2", type: "departments" as never }).execute(), /check constraint/);
    await refuses("role", () => db.insertInto("users").values({ ...EVERY_COLUMN.users, sourced_id: "x3", role: "elev" as never }).execute(), /check constraint/);
    await refuses("school year", () => db.insertInto("academic_sessions").values({ ...EVERY_COLUMN.academic_sessions, sourced_id: "x4", school_year: "26/27" }).execute(), /check constraint/);
    await refuses("dates", () => db.insertInto("academic_sessions").values({ ...EVERY_COLUMN.academic_sessions, sourced_id: "x5", end_date: "2026-01-01" }).execute(), /check constraint/);
    await refuses("tenant id", () => db.insertInto("tenants").values({ id: "Big Town", name: "x" }).execute(), /check constraint/);
  });

  it("keeps every reference inside its tenant", async () => {
    const { db } = database();
    await refuses("org of another tenant", () => db.insertInto("classes").values({ ...EVERY_COLUMN.classes, sourced_id: "x6", school_sourced_id: "org-2only" }).execute(), /foreign key/);
    await refuses("unknown user", () => db.insertInto("enrollments").values({ ...EVERY_COLUMN.enrollments, user_sourced_id: "nobody" }).execute(), /foreign key/);
    await refuses("unknown source", () => db.insertInto("orgs").values({ ...EVERY_COLUMN.orgs, sourced_id: "x7", source_id: "nope" }).execute(), /foreign key/);
    const stored = await db.selectFrom("orgs").select("sourced_id").where("sourced_id", "like", "x%").execute();
    assert.deepEqual(stored, []);
    assert.equal((await db.selectFrom("enrollments").select("sourced_id").execute()).length, 0);
  });

  it("lets two tenants use the same sourcedId", async () => {
    const { db } = database();
    await db.insertInto("orgs").values({ ...EVERY_COLUMN.orgs, tenant_id: "t2", parent_sourced_id: null, name: "Other" }).execute();
    const names = await db.selectFrom("orgs").select(["tenant_id", "name"]).where("sourced_id", "=", "org-1").orderBy("tenant_id").execute();
    assert.deepEqual(names, [{ tenant_id: "t1", name: "Björkskolan" }, { tenant_id: "t2", name: "Other" }]);
  });
});
