import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { describe, it } from "node:test";
import type { RowFor } from "../../db/bulk-load.ts";
import { generateMunicipality } from "../../src/demo/generate.ts";

const options = { students: 500, seed: 7, tenantId: "default", sourceId: "demo" };

function digest(rows: Iterable<RowFor>): string {
  const hash = createHash("sha256");
  for (const row of rows) hash.update(JSON.stringify(row));
  return hash.digest("hex");
}

function byTable(rows: RowFor[]) {
  const out = new Map<string, Array<Record<string, unknown>>>();
  for (const { table, row } of rows) {
    if (!out.has(table)) out.set(table, []);
    out.get(table)!.push(row as Record<string, unknown>);
  }
  return (table: string) => out.get(table) ?? [];
}

describe("demo municipality generator", () => {
  it("is deterministic for a seed and size, and differs for another seed", () => {
    const first = digest(generateMunicipality(options));
    assert.equal(digest(generateMunicipality(options)), first);
    assert.notEqual(digest(generateMunicipality({ ...options, seed: 8 })), first);
  });

  const rows = byTable([...generateMunicipality(options)]);
  const users = rows("users");
  const classes = rows("classes");
  const enrollments = rows("enrollments");

  it("has one kommun, F–9 and gymnasium schools, and a school year with HT and VT", () => {
    const orgs = rows("orgs");
    assert.equal(orgs.filter((o) => o.type === "district").length, 1);
    const schools = orgs.filter((o) => o.type === "school");
    assert.ok(schools.some((s) => String(s.name).endsWith("skolan")));
    assert.ok(schools.some((s) => String(s.name).endsWith("gymnasiet")));
    for (const school of schools) assert.match(String(school.identifier), /^\d{8}$/);
    const sessions = rows("academic_sessions");
    assert.deepEqual(
      sessions.map((s) => [s.title, s.type, s.start_date, s.end_date, s.school_year]),
      [
        ["Läsåret 2026/27", "schoolYear", "2026-08-17", "2027-06-11", "2027"],
        ["HT 2026", "term", "2026-08-17", "2026-12-22", "2027"],
        ["VT 2027", "term", "2027-01-07", "2027-06-11", "2027"],
        ["Betygsperiod HT 2026", "gradingPeriod", "2026-08-17", "2026-12-22", "2027"],
        ["Betygsperiod VT 2027", "gradingPeriod", "2027-01-07", "2027-06-11", "2027"],
      ],
    );
    assert.equal(sessions[3]!.parent_sourced_id, sessions[1]!.sourced_id);
    assert.equal(sessions[4]!.parent_sourced_id, sessions[2]!.sourced_id);
    assert.equal(sessions[1]!.parent_sourced_id, sessions[0]!.sourced_id);
    assert.equal(sessions[2]!.parent_sourced_id, sessions[0]!.sourced_id);
  });

  it("gives every student a CEDS grade equal to their homeroom's and exactly one homeroom", () => {
    const students = users.filter((u) => u.role === "student");
    assert.equal(students.length, 500);
    const homerooms = new Map(classes.filter((c) => c.class_type === "homeroom").map((c) => [c.sourced_id, c]));
    const ceds = new Set(["KG", "01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12"]);
    for (const student of students) {
      const grades = student.grades as string[];
      assert.equal(grades.length, 1);
      assert.ok(ceds.has(grades[0]!), grades[0]);
      const own = enrollments.filter((e) => e.user_sourced_id === student.sourced_id && homerooms.has(e.class_sourced_id));
      assert.equal(own.length, 1, `student ${student.sourced_id} homerooms`);
      assert.deepEqual(homerooms.get(own[0]!.class_sourced_id)!.grades, grades);
    }
    assert.ok(classes.some((c) => c.title === "7A"));
    assert.ok(classes.some((c) => c.title === "MA 7A"));
    assert.ok(classes.some((c) => /^Engelska 6 [A-Z]{2}25a$/.test(String(c.title))));
  });

  it("gives every class exactly one primary teacher and keeps enrollments inside the class's school", () => {
    const classSchool = new Map(classes.map((c) => [c.sourced_id, c.school_sourced_id]));
    for (const cls of classes) {
      const primaries = enrollments.filter((e) => e.class_sourced_id === cls.sourced_id && e.role === "teacher" && e.primary);
      assert.equal(primaries.length, 1, `class ${cls.title}`);
    }
    for (const e of enrollments) assert.equal(e.school_sourced_id, classSchool.get(e.class_sourced_id));
  });

  it("names only users it makes, down to a municipality of one student (schools without students keep a teacher)", () => {
    for (const students of [1, 2, 5]) {
      const small = byTable([...generateMunicipality({ ...options, students })]);
      const userIds = new Set(small("users").map((u) => u.sourced_id));
      assert.equal(small("users").filter((u) => u.role === "student").length, students);
      for (const e of small("enrollments")) assert.ok(userIds.has(e.user_sourced_id), `${students} students: enrollment ${String(e.sourced_id)} names ${String(e.user_sourced_id)}`);
    }
  });

  it("never stores a personnummer and makes usernames unique", () => {
    const usernames = new Set(users.map((u) => u.username));
    assert.equal(usernames.size, users.length);
    for (const user of users) {
      assert.doesNotMatch(String(user.identifier ?? ""), /^\d{6,8}-?\d{4}$/);
      assert.equal(rows("user_ids").length, 0);
    }
  });

  it("links every student to 1–2 guardians and back", () => {
    const agents = rows("user_agents");
    const guardianIds = new Set(users.filter((u) => u.role === "guardian").map((u) => u.sourced_id));
    for (const student of users.filter((u) => u.role === "student")) {
      const own = agents.filter((a) => a.user_sourced_id === student.sourced_id);
      assert.ok(own.length >= 1 && own.length <= 2);
      for (const link of own) {
        assert.ok(guardianIds.has(link.agent_sourced_id));
        assert.ok(agents.some((a) => a.user_sourced_id === link.agent_sourced_id && a.agent_sourced_id === student.sourced_id));
      }
    }
  });

  it("grades some teaching groups: line items in a grading period of the class's term, results for its students", () => {
    const lineItems = rows("line_items");
    const results = rows("results");
    const classes = new Map(rows("classes").map((c) => [c.sourced_id, c]));
    const gradingPeriods = new Set(rows("academic_sessions").filter((s) => s.type === "gradingPeriod").map((s) => s.sourced_id));
    const enrolled = new Set(rows("enrollments").map((e) => `${e.class_sourced_id}/${e.user_sourced_id}`));
    assert.ok(lineItems.length > 0 && results.length > lineItems.length);
    for (const item of lineItems) {
      assert.equal(classes.get(item.class_sourced_id)?.class_type, "scheduled");
      assert.ok(gradingPeriods.has(item.grading_period_sourced_id));
      assert.ok(Date.parse(String(item.due_date)) > Date.parse(String(item.assign_date)));
    }
    const itemClass = new Map(lineItems.map((i) => [i.sourced_id, i.class_sourced_id]));
    for (const result of results) {
      assert.ok(enrolled.has(`${itemClass.get(result.line_item_sourced_id)}/${result.student_sourced_id}`));
      assert.ok(Number(result.score) >= 0 && Number(result.score) <= 20);
    }
    assert.equal(rows("categories").length, 3);
    assert.ok(rows("course_resources").length > 0 && rows("class_resources").length > 0);
  });
});
