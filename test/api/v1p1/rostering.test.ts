import assert from "node:assert/strict";
import { before, it } from "node:test";
import type { Express } from "express";
import { loadSmallMunicipality, IDS } from "../../fixtures/small-municipality.ts";
import { describeEachEngine } from "../../helpers/databases.ts";
import { getJson } from "../../helpers/http.ts";
import { routesAs } from "../../helpers/v1p1-app.ts";

const BASE = "/ims/oneroster/v1p1";
const ref = (collection: string, type: string, id: string) => ({ href: `http://host${BASE}/${collection}/${id}`, sourcedId: id, type });

describeEachEngine("OneRoster 1.1 rostering endpoints", (database) => {
  let app: Express;
  const modified = new Map<string, string>();

  before(async () => {
    const { db } = database();
    await loadSmallMunicipality(db);
    app = routesAs(database());
    for (const table of ["classes", "users", "enrollments", "demographics", "orgs", "academic_sessions"] as const) {
      for (const row of await db.selectFrom(table).select(["sourced_id", "date_last_modified"]).execute()) {
        modified.set(`${table}/${row.sourced_id}`, row.date_last_modified.toISOString());
      }
    }
  });

  it("serves a class with its GUIDRefs, terms from the junction table and resources", async () => {
    const { status, body } = await getJson(app, `${BASE}/classes/${IDS.class1}`);
    assert.equal(status, 200);
    assert.deepEqual(body, {
      class: {
        sourcedId: IDS.class1,
        status: "active",
        dateLastModified: modified.get(`classes/${IDS.class1}`),
        title: "MA 7A",
        classCode: "7A-MA",
        classType: "scheduled",
        location: "Sal 101",
        grades: ["07"],
        subjects: ["Matematik"],
        course: ref("courses", "course", IDS.course1),
        school: ref("orgs", "org", IDS.school1),
        terms: [ref("academicSessions", "academicSession", IDS.term)],
        subjectCodes: ["MA"],
        periods: ["1", "2"],
        resources: [ref("resources", "resource", IDS.resource)],
      },
    });
  });

  it("serves a user with userIds, agents and orgs, leaving out empty optional fields", async () => {
    const { body } = await getJson(app, `${BASE}/students/${IDS.student1}`);
    assert.deepEqual(body, {
      user: {
        sourcedId: IDS.student1,
        status: "active",
        dateLastModified: modified.get(`users/${IDS.student1}`),
        username: "colin robert.berg",
        userIds: [{ type: "LDAP", identifier: "colber01" }],
        enabledUser: true,
        givenName: "Colin Robert",
        familyName: "Berg",
        middleName: "Ali",
        role: "student",
        identifier: "E0001",
        email: "colin robert@example.se",
        agents: [ref("users", "user", IDS.guardian)],
        orgs: [ref("orgs", "org", IDS.school1)],
        grades: ["07"],
      },
    });
  });

  it("serves enrollments, demographics and sessions in their envelopes", async () => {
    assert.deepEqual((await getJson(app, `${BASE}/enrollments/enr-teacher-1`)).body, {
      enrollment: {
        sourcedId: "enr-teacher-1",
        status: "active",
        dateLastModified: modified.get("enrollments/enr-teacher-1"),
        user: ref("users", "user", IDS.teacher),
        class: ref("classes", "class", IDS.class1),
        school: ref("orgs", "org", IDS.school1),
        role: "teacher",
        primary: true,
        beginDate: "2026-08-17",
        endDate: "2026-12-22",
      },
    });
    assert.deepEqual((await getJson(app, `${BASE}/demographics/${IDS.student1}`)).body, {
      demographics: { sourcedId: IDS.student1, status: "active", dateLastModified: modified.get(`demographics/${IDS.student1}`), birthDate: "2013-04-02", sex: "male" },
    });
    assert.deepEqual((await getJson(app, `${BASE}/terms/${IDS.term}`)).body, {
      academicSession: {
        sourcedId: IDS.term,
        status: "active",
        dateLastModified: modified.get(`academic_sessions/${IDS.term}`),
        title: "HT 2026",
        startDate: "2026-08-17",
        endDate: "2026-12-22",
        type: "term",
        parent: ref("academicSessions", "academicSession", IDS.year),
        children: [ref("academicSessions", "academicSession", IDS.gradingPeriod)],
        schoolYear: "2027",
      },
    });
  });

  const cases: Array<[string, string, string[]]> = [
    ["/orgs", "orgs", [IDS.department, IDS.district, IDS.school1, IDS.school2]],
    ["/schools", "orgs", [IDS.school1, IDS.school2]],
    ["/academicSessions", "academicSessions", [IDS.year, IDS.gradingPeriod, IDS.term]],
    ["/terms", "academicSessions", [IDS.term]],
    ["/gradingPeriods", "academicSessions", [IDS.gradingPeriod]],
    ["/terms/as-ht2026/gradingPeriods", "academicSessions", [IDS.gradingPeriod]],
    ["/terms/as-ht2026/classes", "classes", [IDS.class1, IDS.class2]],
    ["/courses/course-1/classes", "classes", [IDS.class1]],
    ["/users", "users", [IDS.guardian, IDS.student1, IDS.student2, IDS.student3, IDS.teacher]],
    ["/students", "users", [IDS.student1, IDS.student2, IDS.student3]],
    ["/teachers", "users", [IDS.teacher]],
    ["/users/user-student-2/classes", "classes", [IDS.class1, IDS.class2]],
    ["/students/user-student-3/classes", "classes", []],
    ["/teachers/user-teacher/classes", "classes", [IDS.class1]],
    // An enrollment that is tobedeleted no longer puts the student in the class.
    ["/classes/class-2/students", "users", [IDS.student2]],
    ["/classes/class-1/students", "users", [IDS.student1, IDS.student2]],
    ["/classes/class-1/teachers", "users", [IDS.teacher]],
    ["/schools/org-school-1/courses", "courses", [IDS.course1]],
    ["/schools/org-school-1/classes", "classes", [IDS.class1]],
    ["/schools/org-school-1/enrollments", "enrollments", ["enr-student-1", "enr-student-2a", "enr-teacher-1"]],
    ["/schools/org-school-2/students", "users", [IDS.student2, IDS.student3]],
    ["/schools/org-school-1/teachers", "users", [IDS.teacher]],
    ["/schools/org-school-1/terms", "academicSessions", [IDS.term]],
    ["/schools/org-school-2/classes/class-2/enrollments", "enrollments", ["enr-student-2b", "enr-student-3"]],
    ["/schools/org-school-2/classes/class-2/students", "users", [IDS.student2]],
    ["/schools/org-school-1/classes/class-1/teachers", "users", [IDS.teacher]],
    ["/enrollments?filter=status%3D'tobedeleted'", "enrollments", ["enr-student-3"]],
    ["/enrollments?filter=class.sourcedId%3D'class-2'%20AND%20role%3D'student'", "enrollments", ["enr-student-2b", "enr-student-3"]],
    ["/users?filter=givenName%3D'Colin%20Robert'", "users", [IDS.student1]],
    ["/users?filter=grades%3D'10'%20OR%20role%3D'teacher'", "users", [IDS.student3, IDS.teacher]],
    ["/users?filter=enabledUser%3D'false'", "users", [IDS.guardian]],
  ];
  for (const [path, key, ids] of cases) {
    it(`GET ${path}`, async () => {
      const { status, body, headers } = await getJson(app, BASE + path);
      assert.equal(status, 200, JSON.stringify(body));
      assert.deepEqual(Object.keys(body), [key]);
      assert.deepEqual(body[key].map((r: { sourcedId: string }) => r.sourcedId), ids);
      assert.equal(headers["x-total-count"], String(ids.length));
    });
  }

  it("pages with X-Total-Count and first/prev/next/last links, sorted as asked", async () => {
    const { body, headers } = await getJson(app, `${BASE}/users?limit=2&offset=2&sort=familyName&orderBy=desc&fields=sourcedId,familyName`);
    // Descending by code point: Ås, Lund, Ek, Berg, Berg (ties by sourcedId, descending too).
    assert.deepEqual(body, { users: [{ sourcedId: IDS.student2, familyName: "Ek" }, { sourcedId: IDS.student1, familyName: "Berg" }] });
    assert.equal(headers["x-total-count"], "5");
    const origin = headers.link!.match(/^<(http:\/\/127\.0\.0\.1:\d+)/)![1];
    const at = (offset: number) => `<${origin}${BASE}/users?limit=2&offset=${offset}&sort=familyName&orderBy=desc&fields=sourcedId%2CfamilyName>`;
    assert.equal(headers.link, `${at(0)}; rel="first", ${at(0)}; rel="prev", ${at(4)}; rel="next", ${at(4)}; rel="last"`);
  });

  it("sorts strings by code point and dates as dates", async () => {
    const names = (await getJson(app, `${BASE}/users?sort=familyName&fields=familyName`)).body.users.map((u: { familyName: string }) => u.familyName);
    assert.deepEqual(names, ["Berg", "Berg", "Ek", "Lund", "Ås"]);
    const sessions = (await getJson(app, `${BASE}/academicSessions?sort=startDate&orderBy=desc&fields=sourcedId`)).body.academicSessions;
    assert.deepEqual(sessions.map((s: { sourcedId: string }) => s.sourcedId), [IDS.term, IDS.gradingPeriod, IDS.year].sort().reverse());
  });

  it("answers an empty page past the end with the envelope key and the total", async () => {
    const { status, body, headers } = await getJson(app, `${BASE}/users?offset=50`);
    assert.equal(status, 200);
    assert.deepEqual(body, { users: [] });
    assert.equal(headers["x-total-count"], "5");
  });

  const failure = (codeMinor: string, description: string) => ({
    statusInfoSet: [
      {
        imsx_codeMajor: "failure",
        imsx_severity: "error",
        imsx_description: description,
        imsx_CodeMinor: { imsx_codeMinorField: [{ imsx_codeMinorFieldName: "TargetEndSystem", imsx_codeMinorFieldValue: codeMinor }] },
      },
    ],
  });

  it("refuses unknown filter fields, bad values and unknown ids with the spec's codes", async () => {
    const expectations: Array<[string, number, string, string]> = [
      ["/users?filter=shoeSize%3D'42'", 400, "invalid_filter_field", 'filter: unknown field "shoeSize"'],
      ["/classes?filter=terms~'x'", 400, "invalid_filter_field", 'filter: unknown field "terms"'],
      ["/users?filter=dateLastModified>'yesterday'", 400, "invaliddata", "filter: dateLastModified: 'yesterday' is not an ISO 8601 date-time"],
      ["/users?filter=grades>'07'", 400, "invaliddata", "filter: grades: '07' cannot be compared with >: grades is a list (use =, != or ~)"],
      ["/users?filter=givenName%3DColin", 400, "invalid_filter_field", "filter: expected a value in single quotes at character 11"],
      ["/users?limit=0", 400, "invaliddata", "limit must be a whole number of at least 1, not '0'"],
      ["/users/nobody", 404, "unknownobject", "user 'nobody' was not found"],
      ["/students/user-teacher", 404, "unknownobject", "student 'user-teacher' was not found"],
      ["/schools/org-district", 404, "unknownobject", "school 'org-district' was not found"],
      ["/schools/org-school-1/classes/class-2/students", 404, "unknownobject", "class 'class-2' was not found"],
      ["/classes/nope/students", 404, "unknownobject", "class 'nope' was not found"],
    ];
    for (const [path, status, codeMinor, description] of expectations) {
      const response = await getJson(app, BASE + path);
      assert.equal(response.status, status, path);
      assert.deepEqual(response.body, failure(codeMinor, description), path);
    }
  });
});
