import assert from "node:assert/strict";
import { before, it } from "node:test";
import { describeEachEngine } from "../helpers/databases.ts";
import { EVERY_COLUMN } from "./every-column.ts";

const enrollment = (sourced_id: string, changes: Record<string, string> = {}) => ({ ...EVERY_COLUMN.enrollments, sourced_id, ...changes });

describeEachEngine("an enrollment's class and user must exist, checked a statement at a time", (database) => {
  before(async () => {
    const { db } = database();
    for (const table of ["tenants", "sources", "orgs", "academic_sessions", "courses", "classes", "users"] as const) {
      await db.insertInto(table).values(EVERY_COLUMN[table] as never).execute();
    }
    await db.insertInto("classes").values({ ...EVERY_COLUMN.classes, sourced_id: "class-2" }).execute();
    await db.insertInto("users").values({ ...EVERY_COLUMN.users, sourced_id: "user-2" }).execute();
    await db.insertInto("enrollments").values([enrollment("enr-1"), enrollment("enr-2", { class_sourced_id: "class-2" })]).execute();
  });

  const storedEnrollments = async () =>
    (await database().db.selectFrom("enrollments").select(["sourced_id", "class_sourced_id", "user_sourced_id"]).orderBy("sourced_id").execute());
  const unchanged = [
    { sourced_id: "enr-1", class_sourced_id: "class-1", user_sourced_id: "user-1" },
    { sourced_id: "enr-2", class_sourced_id: "class-2", user_sourced_id: "user-1" },
  ];

  it("refuses a statement with one enrollment of a missing class or user, naming it, and stores none of its rows", async () => {
    const { db } = database();
    await assert.rejects(
      db.insertInto("enrollments").values([enrollment("enr-3"), enrollment("enr-4", { class_sourced_id: "gone" })]).execute(),
      (error: Error & { code?: string }) => {
        assert.equal(error.code, "23503");
        assert.equal(error.message, `enrollment 'enr-4' violates its foreign key: class 'gone' of tenant 't1' does not exist`);
        return true;
      },
    );
    await assert.rejects(
      db.insertInto("enrollments").values(enrollment("enr-5", { user_sourced_id: "nobody" })).execute(),
      { code: "23503", message: `enrollment 'enr-5' violates its foreign key: user 'nobody' of tenant 't1' does not exist` },
    );
    await assert.rejects(
      db.updateTable("enrollments").set({ user_sourced_id: "nobody" }).where("sourced_id", "=", "enr-1").execute(),
      { code: "23503", message: `enrollment 'enr-1' violates its foreign key: user 'nobody' of tenant 't1' does not exist` },
    );
    assert.deepEqual(await storedEnrollments(), unchanged);
  });

  it("refuses deleting or renaming a class or user an enrollment names, and allows it for one none names", async () => {
    const { db } = database();
    await assert.rejects(db.deleteFrom("classes").where("sourced_id", "=", "class-2").execute(), {
      code: "23503",
      message: `classes 'class-2' of tenant 't1' is still named by enrollment 'enr-2' (foreign key)`,
    });
    await assert.rejects(db.updateTable("users").set({ sourced_id: "user-9" }).where("sourced_id", "=", "user-1").execute(), {
      code: "23503",
      message: /^users 'user-1' of tenant 't1' is still named by enrollment 'enr-[12]' \(foreign key\)$/,
    });
    assert.deepEqual(await storedEnrollments(), unchanged);
    assert.deepEqual((await db.selectFrom("users").select("sourced_id").orderBy("sourced_id").execute()).map((u) => u.sourced_id), ["user-1", "user-2"]);

    await db.updateTable("users").set({ given_name: "Annie" }).where("sourced_id", "=", "user-1").execute();
    await db.deleteFrom("users").where("sourced_id", "=", "user-2").execute();
    await db.deleteFrom("enrollments").where("sourced_id", "=", "enr-2").execute();
    await db.deleteFrom("classes").where("sourced_id", "=", "class-2").execute();
    assert.deepEqual((await db.selectFrom("classes").select("sourced_id").execute()).map((c) => c.sourced_id), ["class-1"]);
  });
});
