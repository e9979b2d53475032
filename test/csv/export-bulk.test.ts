import assert from "node:assert/strict";
import { before, it } from "node:test";
import { writeOneRosterCsvZip } from "../../src/csv/export-zip.ts";
import { ExportRequestError } from "../../src/csv/request.ts";
import { loadSmallMunicipality } from "../fixtures/small-municipality.ts";
import { describeEachEngine } from "../helpers/databases.ts";
import { csv, everyFile, exportZip, HEADERS, manifest } from "./export-helpers.ts";
import { Collector } from "./zip-contents.ts";

// The whole tenant as a bulk export: active rows only (user-student-3 and enr-student-3 are tobedeleted), status and
// dateLastModified blank, sourcedIds in byte order.
const BULK = {
  orgs: csv(
    "orgs",
    "org-dept-1,,,Björkskolan fritids,department,,org-school-1",
    "org-district,,,Exempelby kommun,district,212000-0000,",
    "org-school-1,,,Björkskolan,school,10000001,org-district",
    "org-school-2,,,Ekgymnasiet,school,10000002,org-district",
  ),
  academicSessions: csv(
    "academicSessions",
    "as-2027,,,Läsåret 2026/27,schoolYear,2026-08-17,2027-06-11,,2027",
    "as-gp-ht2026,,,Betygsperiod HT 2026,gradingPeriod,2026-08-17,2026-12-22,as-ht2026,2027",
    "as-ht2026,,,HT 2026,term,2026-08-17,2026-12-22,as-2027,2027",
  ),
  courses: csv(
    "courses",
    "course-1,,,as-2027,Matematik åk 7,MA7,07,org-school-1,Matematik,MA",
    "course-2,,,,Engelska 5,ENGENG05,10,org-school-2,Engelska,",
  ),
  classes: csv(
    "classes",
    'class-1,,,MA 7A,07,course-1,7A-MA,scheduled,Sal 101,org-school-1,as-ht2026,Matematik,MA,"1,2"',
    "class-2,,,EN 5,10,course-2,,scheduled,,org-school-2,as-ht2026,,,",
  ),
  users: csv(
    "users",
    "user-guardian,,,false,org-school-1,guardian,maria.berg,,Maria,Berg,,,maria@example.se,,,user-student-1,,",
    "user-student-1,,,true,org-school-1,student,colin robert.berg,{LDAP:colber01},Colin Robert,Berg,Ali,E0001,colin robert@example.se,,,user-guardian,07,",
    'user-student-2,,,true,"org-school-1,org-school-2",student,ebba.ek,,Ebba,Ek,,,ebba@example.se,,,,07,',
    "user-teacher,,,true,org-school-1,teacher,karin.lund,,Karin,Lund,,,karin@example.se,,,,,",
  ),
  enrollments: csv(
    "enrollments",
    "enr-student-1,,,class-1,org-school-1,user-student-1,student,,,",
    "enr-student-2a,,,class-1,org-school-1,user-student-2,student,,,",
    "enr-student-2b,,,class-2,org-school-2,user-student-2,student,,,",
    "enr-teacher-1,,,class-1,org-school-1,user-teacher,teacher,true,2026-08-17,2026-12-22",
  ),
  demographics: csv("demographics", "user-student-1,,,2013-04-02,male,,,,,,,,,,,"),
  categories: csv("categories", "cat-1,,,Prov"),
  lineItems: csv(
    "lineItems",
    "li-1,,,Prov 1,,2026-09-01,2026-09-15,class-1,cat-1,as-gp-ht2026,0,20",
    "li-2,,,Essay,500 words,2026-10-01,2026-10-15,class-2,cat-1,as-gp-ht2026,0,100",
  ),
  results: csv(
    "results",
    "res-1,,,li-1,user-student-1,fully graded,17.5,2026-09-20,Bra",
    "res-2,,,li-2,user-student-2,submitted,0,2026-10-16,",
  ),
  resources: csv("resources", 'resource-1,,,mb-7,Matteboken,"student,teacher",primary,matteboken.se,'),
  classResources: csv("classResources", "cr-1,,,,class-1,resource-1"),
  courseResources: csv("courseResources", "cor-1,,,,course-1,resource-1"),
};

describeEachEngine("OneRoster CSV bulk export", (database) => {
  before(async () => {
    await loadSmallMunicipality(database().db);
  });

  it("writes the manifest and the 13 files, each with the spec's exact header line", async () => {
    const { files } = await exportZip(database().db, { tenantId: "default" });
    assert.deepEqual([...files.keys()], [
      "manifest.csv",
      "orgs.csv",
      "academicSessions.csv",
      "courses.csv",
      "classes.csv",
      "users.csv",
      "enrollments.csv",
      "demographics.csv",
      "categories.csv",
      "lineItems.csv",
      "results.csv",
      "resources.csv",
      "classResources.csv",
      "courseResources.csv",
    ]);
    for (const [name, header] of Object.entries(HEADERS)) {
      assert.equal(files.get(`${name}.csv`)!.split("\r\n")[0], header, name);
    }
  });

  it("writes every active row with blank status and dateLastModified, byte for byte", async () => {
    const { files, result } = await exportZip(database().db, { tenantId: "default" });
    assert.equal(files.get("manifest.csv"), manifest(everyFile("bulk")));
    for (const [name, text] of Object.entries(BULK)) assert.equal(files.get(`${name}.csv`), text, name);
    assert.equal(result.rows, 28);
    assert.deepEqual(result.files.users, { mode: "bulk", rows: 4 });
    assert.deepEqual(result.personnummerOmitted, {});
  });

  it("limits to schools as a school-limited API client: the schools' orgs, courses, classes, people and gradebook", async () => {
    const { files, result } = await exportZip(database().db, { tenantId: "default", schoolSourcedIds: ["org-school-1"] });
    assert.equal(files.get("manifest.csv"), manifest(everyFile("bulk")));
    assert.equal(
      files.get("orgs.csv"),
      csv("orgs", "org-dept-1,,,Björkskolan fritids,department,,org-school-1", "org-school-1,,,Björkskolan,school,10000001,org-district"),
    );
    assert.equal(files.get("courses.csv"), csv("courses", "course-1,,,as-2027,Matematik åk 7,MA7,07,org-school-1,Matematik,MA"));
    assert.equal(
      files.get("classes.csv"),
      csv("classes", 'class-1,,,MA 7A,07,course-1,7A-MA,scheduled,Sal 101,org-school-1,as-ht2026,Matematik,MA,"1,2"'),
    );
    assert.equal(files.get("users.csv"), BULK.users);
    assert.equal(
      files.get("enrollments.csv"),
      csv(
        "enrollments",
        "enr-student-1,,,class-1,org-school-1,user-student-1,student,,,",
        "enr-student-2a,,,class-1,org-school-1,user-student-2,student,,,",
        "enr-teacher-1,,,class-1,org-school-1,user-teacher,teacher,true,2026-08-17,2026-12-22",
      ),
    );
    assert.equal(files.get("demographics.csv"), BULK.demographics);
    assert.equal(files.get("lineItems.csv"), csv("lineItems", "li-1,,,Prov 1,,2026-09-01,2026-09-15,class-1,cat-1,as-gp-ht2026,0,20"));
    assert.equal(files.get("results.csv"), csv("results", "res-1,,,li-1,user-student-1,fully graded,17.5,2026-09-20,Bra"));
    assert.equal(files.get("classResources.csv"), BULK.classResources);
    assert.equal(files.get("courseResources.csv"), BULK.courseResources);
    // Not bound to a school: the tenant's calendar, categories and resource catalogue.
    assert.equal(files.get("academicSessions.csv"), BULK.academicSessions);
    assert.equal(files.get("categories.csv"), BULK.categories);
    assert.equal(files.get("resources.csv"), BULK.resources);
    assert.equal(result.rows, 21);
  });

  it("keeps a bulk file with no rows in the zip as a header alone, marked bulk: there are none", async () => {
    const { files, result } = await exportZip(database().db, { tenantId: "default", schoolSourcedIds: ["org-school-2"] });
    assert.equal(files.get("manifest.csv"), manifest(everyFile("bulk")));
    assert.equal(files.size, 14);
    assert.equal(files.get("orgs.csv"), csv("orgs", "org-school-2,,,Ekgymnasiet,school,10000002,org-district"));
    assert.equal(
      files.get("users.csv"),
      csv("users", 'user-student-2,,,true,"org-school-1,org-school-2",student,ebba.ek,,Ebba,Ek,,,ebba@example.se,,,,07,'),
    );
    assert.equal(files.get("enrollments.csv"), csv("enrollments", "enr-student-2b,,,class-2,org-school-2,user-student-2,student,,,"));
    assert.equal(files.get("demographics.csv"), csv("demographics"));
    assert.equal(files.get("classResources.csv"), csv("classResources"));
    assert.equal(files.get("courseResources.csv"), csv("courseResources"));
    assert.deepEqual(result.files.demographics, { mode: "bulk", rows: 0 });
  });

  it("refuses an unknown tenant, an unknown school, an org that is no school and a bad since before writing a byte", async () => {
    const cases = [
      { request: { tenantId: "nope" }, option: "tenant", message: 'unknown tenant "nope"' },
      { request: { tenantId: "default", schoolSourcedIds: ["org-school-1", "x"] }, option: "schools", message: 'unknown school "x" in tenant "default"' },
      { request: { tenantId: "default", schoolSourcedIds: ["org-district"] }, option: "schools", message: 'org "org-district" of tenant "default" is a district, not a school' },
      { request: { tenantId: "default", since: "last week" }, option: "since", message: '"last week" is not an ISO 8601 date-time with a time zone, e.g. 2026-11-25T08:00:00Z' },
    ] as const;
    for (const { request, option, message } of cases) {
      const output = new Collector();
      await assert.rejects(writeOneRosterCsvZip(database().db, request, output), (error: unknown) => {
        assert.ok(error instanceof ExportRequestError);
        assert.equal(error.option, option);
        assert.equal(error.message, message);
        return true;
      });
      assert.equal(output.buffer.length, 0);
    }
  });
});
