import assert from "node:assert/strict";
import { before, it } from "node:test";
import { formatProblem } from "../../../importers/oneroster-csv/index.ts";
import { bulkEntries, csvFile, manifestCsv, smallRoster, zipOf } from "../../fixtures/oneroster-csv/zip.ts";
import { describeEachEngine } from "../../helpers/databases.ts";
import { importZip } from "./helpers.ts";

const BOM = "\uFEFF";

describeEachEngine("OneRoster CSV import: what a valid zip becomes", (database) => {
  it("accepts a UTF-8 byte order mark with a notice, LF line endings and quoted line breaks", async () => {
    const { db } = database();
    const rows = smallRoster();
    const entries = bulkEntries({ ...rows, orgs: ['org-d,,,"Exempelby\nkommun",district,,', rows.orgs[1]!] });
    entries["users.csv"] = BOM + entries["users.csv"]!;
    entries["orgs.csv"] = entries["orgs.csv"]!.replaceAll("\r\n", "\n");
    const { read, result } = await importZip(db, "bom", await zipOf(entries));
    assert.deepEqual(read.problems, []);
    assert.deepEqual(read.notices, ["users.csv: starts with a UTF-8 byte order mark, which was ignored"]);
    assert.equal(result?.counts.users.created, 4);
    const district = await db.selectFrom("orgs").select("name").where("tenant_id", "=", "bom").where("sourced_id", "=", "org-d").executeTakeFirstOrThrow();
    assert.equal(district.name, "Exempelby\nkommun");
    const teacher = await db.selectFrom("users").select(["sourced_id", "given_name"]).where("tenant_id", "=", "bom").where("sourced_id", "=", "u-t").executeTakeFirstOrThrow();
    assert.deepEqual(teacher, { sourced_id: "u-t", given_name: "Anna" });
  });

  it("imports a delta: changed rows, tobedeleted rows, references to rows only the tenant has", async () => {
    const { db } = database();
    await importZip(db, "delta", await zipOf(bulkEntries(smallRoster())));
    const entries = {
      "manifest.csv": manifestCsv({ users: "delta", enrollments: "delta" }),
      "users.csv": csvFile(
        "users",
        "u-2,active,2026-11-25T08:00:00.000Z,true,org-s,student,cy.e,,Cyrus,Elev,,,,,,,08,",
        "u-1,tobedeleted,2026-11-25T08:00:00Z,,,,,,,,,,,,,,,",
      ),
      "enrollments.csv": csvFile("enrollments", "e-1,tobedeleted,2026-11-25,,,,,,,", "e-3,active,2026-11-25T08:00:00Z,k-1,org-s,u-2,student,,,"),
    };
    const { read, result } = await importZip(db, "delta", await zipOf(entries));
    assert.deepEqual(read.problems, []);
    assert.equal(read.mode, "delta");
    assert.deepEqual(read.deletions, [
      { entity: "users", sourcedId: "u-1" },
      { entity: "enrollments", sourcedId: "e-1" },
    ]);
    assert.equal(result?.status, "succeeded");
    assert.deepEqual(result?.counts.users, { created: 0, updated: 1, unchanged: 0, removed: 1, skipped: 0 });
    assert.deepEqual(result?.counts.enrollments, { created: 1, updated: 0, unchanged: 0, removed: 1, skipped: 0 });
    const users = await db.selectFrom("users").select(["sourced_id", "status", "given_name"]).where("tenant_id", "=", "delta").orderBy("sourced_id").execute();
    assert.deepEqual(users, [
      { sourced_id: "u-1", status: "tobedeleted", given_name: "Bo" },
      { sourced_id: "u-2", status: "active", given_name: "Cyrus" },
      { sourced_id: "u-g", status: "active", given_name: "Gun" },
      { sourced_id: "u-t", status: "active", given_name: "Anna" },
    ]);
  });

  it("with skipInvalid, leaves out invalid rows and the rows that refer to them, and lists them all", async () => {
    const { db } = database();
    const rows = smallRoster();
    const entries = bulkEntries({
      ...rows,
      courses: [...rows.courses, "c-2,,,as-y,Engelska 7,EN7,07,org-404,Engelska,EN"],
      classes: [...rows.classes, "k-2,,,Engelska 7A,07,c-2,EN7A,scheduled,,org-s,as-t,,,"],
      users: [...rows.users, "u-3,,,maybe,org-s,student,dy.e,,Dy,Elev,,,,,,,07,"],
      enrollments: [
        ...rows.enrollments,
        "e-4,,,k-2,org-s,u-1,student,,,",
        "e-5,,,k-1,org-s,u-3,student,,,",
        "e-6,,,k-1,org-s,u-2,pupil,,,",
        "e-1,,,k-1,org-s,u-2,teacher,,,",
      ],
    });
    const { read, result } = await importZip(db, "skip", await zipOf(entries), { skipInvalid: true });
    assert.equal(read.ok, true);
    assert.deepEqual(read.problems.map(formatProblem), [
      'courses.csv:3: orgSourcedId: "org-404" is neither in orgs.csv nor in the tenant',
      'classes.csv:3: courseSourcedId: refers to courses "c-2", which is skipped (courses.csv:3)',
      'users.csv:6: enabledUser: "maybe" is not true or false',
      'enrollments.csv:5: classSourcedId: refers to classes "k-2", which is skipped (classes.csv:3)',
      'enrollments.csv:6: userSourcedId: refers to users "u-3", which is skipped (users.csv:6)',
      'enrollments.csv:7: role: "pupil" is not one of administrator, proctor, student, teacher',
      'enrollments.csv:8: sourcedId: "e-1" appears again (first on line 3)',
    ]);
    assert.deepEqual(read.rows, { orgs: 2, academicSessions: 2, courses: 1, classes: 1, users: 4, demographics: 1, enrollments: 3 });
    assert.equal(result?.status, "succeeded");
    assert.equal(result?.warningCount, 0);
    const enrollments = await db.selectFrom("enrollments").select("sourced_id").where("tenant_id", "=", "skip").orderBy("sourced_id").execute();
    assert.deepEqual(enrollments.map((e) => e.sourced_id), ["e-1", "e-2", "e-t"]);
    const first = await db.selectFrom("enrollments").select(["user_sourced_id", "role"]).where("tenant_id", "=", "skip").where("sourced_id", "=", "e-1").executeTakeFirstOrThrow();
    assert.deepEqual(first, { user_sourced_id: "u-1", role: "student" });
  });

  it("leaves personnummer out of identifier and userIds, with a notice, unless told to store them", async () => {
    const { db } = database();
    const rows = smallRoster();
    const users = [...rows.users];
    users[1] = 'u-1,,,true,org-s,student,bo.e,"{PNR:20130401-1234},{LDAP:bo}",Bo,Elev,,201304011234,,,,u-g,07,';
    const zip = await zipOf(bulkEntries({ ...rows, users }));
    const { read } = await importZip(db, "pnr", zip);
    assert.deepEqual(read.notices, ["users.csv: 2 personnummer-like value(s) left out (userIds 1, identifier 1); --personnummer store keeps them"]);
    const ids = await db.selectFrom("user_ids").select(["type", "identifier"]).where("tenant_id", "=", "pnr").where("user_sourced_id", "=", "u-1").execute();
    assert.deepEqual(ids, [{ type: "LDAP", identifier: "bo" }]);
    const user = await db.selectFrom("users").select("identifier").where("tenant_id", "=", "pnr").where("sourced_id", "=", "u-1").executeTakeFirstOrThrow();
    assert.equal(user.identifier, null);

    const stored = await importZip(db, "pnr-kept", zip, { personnummer: "store" });
    assert.deepEqual(stored.read.notices, []);
    const kept = await db.selectFrom("users").select("identifier").where("tenant_id", "=", "pnr-kept").where("sourced_id", "=", "u-1").executeTakeFirstOrThrow();
    assert.equal(kept.identifier, "201304011234");
  });

  it("a bulk row with status tobedeleted is left out with a notice, so the full import removes it", async () => {
    const { db } = database();
    await importZip(db, "bulk-del", await zipOf(bulkEntries(smallRoster())));
    const rows = smallRoster();
    const { read, result } = await importZip(
      db,
      "bulk-del",
      await zipOf(bulkEntries({ ...rows, enrollments: [rows.enrollments[0]!, rows.enrollments[1]!, "e-2,tobedeleted,2026-11-25T08:00:00Z,k-1,org-s,u-2,student,,,"] })),
    );
    assert.deepEqual(read.notices, ["enrollments.csv: 1 row(s) with status tobedeleted left out of the bulk import, so they are removed if stored"]);
    assert.deepEqual(result?.counts.enrollments, { created: 0, updated: 0, unchanged: 2, removed: 1, skipped: 0 });
  });
});
