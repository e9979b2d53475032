import assert from "node:assert/strict";
import { before, it } from "node:test";
import { loadSmallMunicipality } from "../fixtures/small-municipality.ts";
import { describeEachEngine, withPoolBusy } from "../helpers/databases.ts";
import { csv, exportZip } from "./export-helpers.ts";

// Personnummer-shaped values in every place the database could hold one for a user (an initial password made of one
// included).
const PERSONNUMMER = ["20130402-1234", "201304021234", "130402-1234", "1304021234", "20130402TF01", "130462-1234"];

describeEachEngine("OneRoster CSV values", (database) => {
  before(async () => {
    const { db } = database();
    await loadSmallMunicipality(db);
    await db
      .updateTable("classes")
      .set({ title: 'EN 5, "Shakespeare"', location: "Hus A\r\nSal 2", periods: ["1", "2,5"] })
      .where("sourced_id", "=", "class-2")
      .execute();
    await db.updateTable("results").set({ comment: "Bra jobbat!\nFortsätt så" }).where("sourced_id", "=", "res-2").execute();
    await db
      .updateTable("users")
      .set({
        identifier: "20130402-1234",
        username: "130402-1234",
        email: "201304021234@elev.exempelby.se",
        password: "Ebba20130402TF01",
        metadata: { personnummer: "1304021234", samordningsnummer: "130462-1234" },
      })
      .where("sourced_id", "=", "user-student-2")
      .execute();
    await db
      .insertInto("user_ids")
      .values([
        { tenant_id: "default", user_sourced_id: "user-student-2", type: "personnummer", identifier: "20130402TF01", ordinal: 0 },
        { tenant_id: "default", user_sourced_id: "user-student-2", type: "LDAP", identifier: "ebbek01", ordinal: 1 },
        { tenant_id: "default", user_sourced_id: "user-student-2", type: "studentId", identifier: "201304021234", ordinal: 2 },
        { tenant_id: "default", user_sourced_id: "user-student-2", type: "SIS", identifier: "E0002", ordinal: 3 },
      ])
      .execute();
    // sourcedIds that need quoting, and one that PostgreSQL's COPY would quote were it the only column.
    const enrollment = { tenant_id: "default", source_id: "test", class_sourced_id: "class-1", school_sourced_id: "org-school-1", user_sourced_id: "user-student-1", role: "student" as const };
    await db
      .insertInto("enrollments")
      .values(["enr,comma", 'enr"quote', "enr\nLF", "enr\r\nCRLF", "enr\rCR", "\\.", "enr-ä"].map((id) => ({ ...enrollment, sourced_id: id, primary: false })))
      .execute();
  });

  it("quotes commas, quotes and line breaks (RFC 4180) and keeps the text as it is", async () => {
    const { files } = await exportZip(database().db, { tenantId: "default" });
    assert.equal(
      files.get("classes.csv"),
      csv(
        "classes",
        'class-1,,,MA 7A,07,course-1,7A-MA,scheduled,Sal 101,org-school-1,as-ht2026,Matematik,MA,"1,2"',
        'class-2,,,"EN 5, ""Shakespeare""",10,course-2,,scheduled,"Hus A\r\nSal 2",org-school-2,as-ht2026,,,"1,2,5"',
      ),
    );
    assert.equal(
      files.get("results.csv"),
      csv("results", "res-1,,,li-1,user-student-1,fully graded,17.5,2026-09-20,Bra", 'res-2,,,li-2,user-student-2,submitted,0,2026-10-16,"Bra jobbat!\nFortsätt så"'),
    );
  });

  it("writes enrollments, which PostgreSQL turns into CSV itself, exactly as every other file", async () => {
    const { db } = database();
    const { files } = await exportZip(db, { tenantId: "default" });
    // With one connection free, the export's own, PostgreSQL's COPY gives way to the cursor: the same bytes.
    const { files: busy } = await withPoolBusy(db, 1, () => exportZip(db, { tenantId: "default" }));
    assert.equal(busy.get("enrollments.csv"), files.get("enrollments.csv"));
    const rest = ",,,class-1,org-school-1,user-student-1,student,false,,";
    assert.equal(
      files.get("enrollments.csv"),
      csv(
        "enrollments",
        `\\.${rest}`,
        `"enr\nLF"${rest}`,
        `"enr\r\nCRLF"${rest}`,
        `"enr\rCR"${rest}`,
        `"enr""quote"${rest}`,
        `"enr,comma"${rest}`,
        "enr-student-1,,,class-1,org-school-1,user-student-1,student,,,",
        "enr-student-2a,,,class-1,org-school-1,user-student-2,student,,,",
        "enr-student-2b,,,class-2,org-school-2,user-student-2,student,,,",
        "enr-teacher-1,,,class-1,org-school-1,user-teacher,teacher,true,2026-08-17,2026-12-22",
        `enr-ä${rest}`,
      ),
    );
  });

  it("never writes a personnummer: identity cells that hold one are blank, userIds keep the others", async () => {
    const { db } = database();
    for (const since of [undefined, "2000-01-01T00:00:00Z"]) {
      const { files, result } = await exportZip(db, { tenantId: "default", ...(since ? { since } : {}) });
      const users = files.get("users.csv")!;
      const line = users.split("\r\n").find((l) => l.startsWith("user-student-2,"))!;
      // username, identifier and email blank; of the userIds only the LDAP and SIS ones.
      assert.equal(line.slice(line.indexOf(",true,")), ',true,"org-school-1,org-school-2",student,,"{LDAP:ebbek01},{SIS:E0002}",Ebba,Ek,,,,,,,07,');
      assert.deepEqual(result.personnummerOmitted, { username: 1, userIds: 2, identifier: 1, email: 1, password: 1 });
      const everything = [...files.values()].join("\n");
      for (const number of PERSONNUMMER) assert.ok(!everything.includes(number), `${number} is in the export`);
      assert.ok(!everything.includes("130402"), "no part of a personnummer");
      // Other people's identifiers are untouched.
      assert.match(users, /\r\nuser-student-1,[^\r]*,\{LDAP:colber01\},Colin Robert,Berg,Ali,E0001,colin robert@example\.se,/);
    }
  });
});
