import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { before, it } from "node:test";
import { sql, type Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { loadSmallMunicipality } from "../fixtures/small-municipality.ts";
import { describeEachEngine } from "../helpers/databases.ts";
import { csv, everyFile, exportZip, latestModification, manifest } from "./export-helpers.ts";

async function modifiedAt(db: Kysely<Database>, table: "classes" | "users" | "enrollments", sourcedId: string): Promise<string> {
  const row = await db.selectFrom(table).select("date_last_modified").where("sourced_id", "=", sourcedId).executeTakeFirstOrThrow();
  return row.date_last_modified.toISOString();
}

describeEachEngine(
  "OneRoster CSV delta export",
  (database) => {
    let since: Date;

    before(async () => {
      const { db } = database();
      await loadSmallMunicipality(db);
      since = await latestModification(db);
      // The stamps are the database's clock in milliseconds: the changes below must come at a later one.
      await sleep(20);
      await db.updateTable("classes").set({ title: "Matte 7A" }).where("sourced_id", "=", "class-1").execute();
      await db.updateTable("users").set({ status: "tobedeleted" }).where("sourced_id", "=", "user-student-2").execute();
      await db.updateTable("enrollments").set({ status: "tobedeleted" }).where("sourced_id", "=", "enr-student-2a").execute();
    });

    it("holds exactly the renamed class and the student and enrollment marked tobedeleted, with status and dateLastModified", async () => {
      const { db } = database();
      const { files, result } = await exportZip(db, { tenantId: "default", since: since.toISOString() });
      assert.deepEqual([...files.keys()], ["manifest.csv", "classes.csv", "users.csv", "enrollments.csv"]);
      assert.equal(files.get("manifest.csv"), manifest({ ...everyFile("absent"), classes: "delta", users: "delta", enrollments: "delta" }));
      assert.equal(
        files.get("classes.csv"),
        csv("classes", `class-1,active,${await modifiedAt(db, "classes", "class-1")},Matte 7A,07,course-1,7A-MA,scheduled,Sal 101,org-school-1,as-ht2026,Matematik,MA,"1,2"`),
      );
      assert.equal(
        files.get("users.csv"),
        csv("users", `user-student-2,tobedeleted,${await modifiedAt(db, "users", "user-student-2")},true,"org-school-1,org-school-2",student,ebba.ek,,Ebba,Ek,,,ebba@example.se,,,,07,`),
      );
      assert.equal(
        files.get("enrollments.csv"),
        csv("enrollments", `enr-student-2a,tobedeleted,${await modifiedAt(db, "enrollments", "enr-student-2a")},class-1,org-school-1,user-student-2,student,,,`),
      );
      assert.deepEqual(result.files.orgs, { mode: "absent", rows: 0 });
      assert.deepEqual(result.files.users, { mode: "delta", rows: 1 });
      assert.ok(result.nextSince.getTime() >= Date.parse(await modifiedAt(db, "enrollments", "enr-student-2a")));
    });

    it("is a manifest alone, every file absent, when nothing changed after since", async () => {
      const { db } = database();
      const { files, result } = await exportZip(db, { tenantId: "default", since: await latestModification(db) });
      assert.deepEqual([...files.keys()], ["manifest.csv"]);
      assert.equal(files.get("manifest.csv"), manifest(everyFile("absent")));
      assert.equal(result.rows, 0);
    });

    it("names a next since no later than the start of a transaction still open, whose stamps it could not see", async (t) => {
      const handle = database();
      if (handle.engine !== "postgres") return t.skip("PGlite is one session: no transaction runs beside the export");
      await handle.db.connection().execute(async (other) => {
        await sql`begin`.execute(other);
        const started = (await sql<{ now: Date }>`select now() as now`.execute(other)).rows[0]!.now;
        await sleep(20);
        const { result } = await exportZip(handle.db, { tenantId: "default", since });
        await sql`rollback`.execute(other);
        assert.ok(result.nextSince < started, `${result.nextSince.toISOString()} < ${started.toISOString()}`);
      });
    });

    it("carries rows that were tobedeleted already and every other change since an early time", async () => {
      const { files } = await exportZip(database().db, { tenantId: "default", since: "2000-01-01" });
      assert.equal(files.get("manifest.csv"), manifest(everyFile("delta")));
      const users = files.get("users.csv")!.split("\r\n").slice(1, -1);
      assert.deepEqual(
        users.map((line) => line.split(",").slice(0, 2).join(",")),
        ["user-guardian,active", "user-student-1,active", "user-student-2,tobedeleted", "user-student-3,tobedeleted", "user-teacher,active"],
      );
      for (const line of users) assert.match(line.split(",")[2]!, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      assert.match(files.get("enrollments.csv")!, /\r\nenr-student-3,tobedeleted,/);
    });

    it("applies the school limit to a delta as well", async () => {
      const { db } = database();
      const { files } = await exportZip(db, { tenantId: "default", since, schoolSourcedIds: ["org-school-2"] });
      assert.equal(files.get("manifest.csv"), manifest({ ...everyFile("absent"), users: "delta" }));
      assert.deepEqual([...files.keys()], ["manifest.csv", "users.csv"]);
      assert.match(files.get("users.csv")!, /\r\nuser-student-2,tobedeleted,/);
    });
  },
  // Its next since waits for the oldest transaction open in the database: other test files' must not be in it.
  { ownDatabase: true },
);
