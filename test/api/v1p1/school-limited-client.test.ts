import assert from "node:assert/strict";
import { before, it } from "node:test";
import type { Express } from "express";
import { IDS, loadSmallMunicipality } from "../../fixtures/small-municipality.ts";
import { describeEachEngine } from "../../helpers/databases.ts";
import { getJson } from "../../helpers/http.ts";
import { FULL_ACCESS, routesAs } from "../../helpers/v1p1-app.ts";

const BASE = "/ims/oneroster/v1p1";
const NOT_FOUND = 404;

// What a client limited to school 2 gets from every collection endpoint: ids, or 404 when the path names a record of
// school 1. Sessions, categories and resources are not school-bound.
const EXPECTED: Array<[string, string[] | typeof NOT_FOUND]> = [
  ["/orgs", [IDS.school2]],
  ["/schools", [IDS.school2]],
  ["/academicSessions", [IDS.year, IDS.gradingPeriod, IDS.term]],
  ["/terms", [IDS.term]],
  ["/gradingPeriods", [IDS.gradingPeriod]],
  ["/terms/as-ht2026/classes", [IDS.class2]],
  ["/terms/as-ht2026/gradingPeriods", [IDS.gradingPeriod]],
  ["/courses", [IDS.course2]],
  ["/courses/course-1/classes", NOT_FOUND],
  ["/courses/course-2/classes", [IDS.class2]],
  ["/classes", [IDS.class2]],
  ["/classes/class-1/students", NOT_FOUND],
  ["/classes/class-1/teachers", NOT_FOUND],
  ["/classes/class-2/students", [IDS.student2]],
  ["/classes/class-2/teachers", []],
  ["/users", [IDS.student2, IDS.student3]],
  ["/students", [IDS.student2, IDS.student3]],
  ["/teachers", []],
  ["/users/user-student-1/classes", NOT_FOUND],
  ["/users/user-student-2/classes", [IDS.class2]],
  ["/students/user-student-2/classes", [IDS.class2]],
  ["/teachers/user-teacher/classes", NOT_FOUND],
  ["/enrollments", ["enr-student-2b", "enr-student-3"]],
  ["/demographics", []],
  ["/schools/org-school-1/courses", NOT_FOUND],
  ["/schools/org-school-1/classes", NOT_FOUND],
  ["/schools/org-school-1/enrollments", NOT_FOUND],
  ["/schools/org-school-1/students", NOT_FOUND],
  ["/schools/org-school-1/teachers", NOT_FOUND],
  ["/schools/org-school-1/terms", NOT_FOUND],
  ["/schools/org-school-1/classes/class-1/enrollments", NOT_FOUND],
  ["/schools/org-school-1/classes/class-1/students", NOT_FOUND],
  ["/schools/org-school-1/classes/class-1/teachers", NOT_FOUND],
  ["/schools/org-school-2/courses", [IDS.course2]],
  ["/schools/org-school-2/classes", [IDS.class2]],
  ["/schools/org-school-2/enrollments", ["enr-student-2b", "enr-student-3"]],
  ["/schools/org-school-2/students", [IDS.student2, IDS.student3]],
  ["/schools/org-school-2/teachers", []],
  ["/schools/org-school-2/terms", [IDS.term]],
  ["/schools/org-school-2/classes/class-2/enrollments", ["enr-student-2b", "enr-student-3"]],
  ["/schools/org-school-2/classes/class-2/students", [IDS.student2]],
  ["/schools/org-school-2/classes/class-2/teachers", []],
  ["/categories", [IDS.category]],
  ["/lineItems", [IDS.lineItem2]],
  ["/results", [IDS.result2]],
  ["/classes/class-1/lineItems", NOT_FOUND],
  ["/classes/class-1/results", NOT_FOUND],
  ["/classes/class-1/lineItems/li-1/results", NOT_FOUND],
  ["/classes/class-1/students/user-student-1/results", NOT_FOUND],
  ["/classes/class-2/lineItems", [IDS.lineItem2]],
  ["/classes/class-2/results", [IDS.result2]],
  ["/classes/class-2/lineItems/li-2/results", [IDS.result2]],
  ["/classes/class-2/students/user-student-2/results", [IDS.result2]],
  ["/resources", [IDS.resource]],
  ["/classes/class-1/resources", NOT_FOUND],
  ["/courses/course-1/resources", NOT_FOUND],
  ["/classes/class-2/resources", []],
  ["/courses/course-2/resources", []],
];

// Single records of school 1 (or only reachable through it) that the limited client must not see.
const HIDDEN_RECORDS = [
  `/orgs/${IDS.school1}`,
  `/orgs/${IDS.district}`,
  `/orgs/${IDS.department}`,
  `/schools/${IDS.school1}`,
  `/courses/${IDS.course1}`,
  `/classes/${IDS.class1}`,
  `/users/${IDS.teacher}`,
  `/users/${IDS.student1}`,
  `/users/${IDS.guardian}`,
  `/students/${IDS.student1}`,
  `/teachers/${IDS.teacher}`,
  "/enrollments/enr-student-1",
  "/enrollments/enr-student-2a",
  `/demographics/${IDS.student1}`,
  `/lineItems/${IDS.lineItem1}`,
  `/results/${IDS.result1}`,
];

describeEachEngine("a client limited to one school", (database) => {
  let app: Express;
  let everything: Express;

  before(async () => {
    await loadSmallMunicipality(database().db);
    app = routesAs(database(), { ...FULL_ACCESS, clientId: "school-2-only", schoolSourcedIds: [IDS.school2] });
    everything = routesAs(database());
  });

  for (const [path, expected] of EXPECTED) {
    it(`GET ${path}`, async () => {
      const { status, body } = await getJson(app, BASE + path);
      if (expected === NOT_FOUND) {
        assert.equal(status, 404, JSON.stringify(body));
        assert.equal(body.statusInfoSet[0].imsx_CodeMinor.imsx_codeMinorField[0].imsx_codeMinorFieldValue, "unknownobject");
        // …while an unlimited client gets the same path.
        assert.equal((await getJson(everything, BASE + path)).status, 200);
        return;
      }
      assert.equal(status, 200, JSON.stringify(body));
      const [key] = Object.keys(body);
      assert.deepEqual(body[key!].map((r: { sourcedId: string }) => r.sourcedId), expected);
    });
  }

  it("gets 404 for every single record of another school, which an unlimited client can read", async () => {
    for (const path of HIDDEN_RECORDS) {
      assert.equal((await getJson(app, BASE + path)).status, 404, path);
      assert.equal((await getJson(everything, BASE + path)).status, 200, path);
    }
  });

  it("cannot widen its view with a filter", async () => {
    const { body } = await getJson(app, `${BASE}/users?filter=sourcedId%3D'${IDS.student1}'%20OR%20role%3D'teacher'`);
    assert.deepEqual(body, { users: [] });
  });
});
