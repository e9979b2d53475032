import assert from "node:assert/strict";
import { after, before, it } from "node:test";
import { sql } from "kysely";
import { describeEachEngine } from "../../helpers/databases.ts";
import { startFakeSs12000, type FakeSs12000 } from "../../fakes/ss12000/server.ts";
import { dumpTenant, rowOf } from "../../sync/helpers.ts";
import { TOKEN, importFrom } from "./helpers.ts";

/** What the importer should make of the fake's persons, by the rules of the importer's README. */
function expectedUsers(fake: FakeSs12000) {
  const { persons } = fake.state.data;
  const { special, kinds } = fake.state;
  const excluded = new Set([...special.protectedIdentity, ...special.confidential, ...special.emigrated, ...special.deceased]);
  for (const p of persons.values()) if (p.securityMarking !== "Ingen") excluded.add(p.id);
  const students = [...persons.values()].filter((p) => kinds.get(p.id) === "student" && !excluded.has(p.id));
  const staff = [...persons.values()].filter((p) => ["teacher", "administrator", "aide"].includes(kinds.get(p.id)!) && !excluded.has(p.id));
  const guardians = new Set<string>();
  for (const s of students) for (const r of s.responsibles ?? []) if (r.person.securityMarking === "Ingen" && !excluded.has(r.person.id)) guardians.add(r.person.id);
  return { students, staff, guardians, excluded };
}

describeEachEngine("SS 12000 full import", (database) => {
  let fake: FakeSs12000;
  before(async () => {
    fake = await startFakeSs12000({ students: 60, seed: 7, staticToken: TOKEN });
  });
  after(() => fake.close());

  it("imports exactly the fake municipality's orgs, classes, users and enrollments", async () => {
    const { db } = database();
    const result = await importFrom(db, fake);
    assert.equal(result.status, "succeeded");
    const { students, staff, guardians } = expectedUsers(fake);
    const data = fake.state.data;
    const klass = [...data.groups.values()].filter((g) => g.groupType === "Klass");
    assert.equal(result.counts.orgs.created, data.organisations.size);
    assert.equal(result.counts.classes.created, klass.length + data.activities.size);
    assert.equal(result.counts.users.created, students.length + staff.length + guardians.size);
    assert.equal(result.counts.academicSessions.created, 3, "the school year 2026/27 with HT 2026 and VT 2027");
    for (const entity of Object.keys(result.counts) as Array<keyof typeof result.counts>) assert.equal(result.counts[entity].skipped, 0, entity);

    const student = students.find((s) => s.enrolments?.[0]?.schoolType === "GR" && (s.responsibles?.length ?? 0) > 0)!;
    const row = await rowOf(db, "users", "t", student.id);
    assert.equal(row.role, "student");
    assert.equal(row.username, student.eduPersonPrincipalNames![0]);
    assert.equal(row.email, student.emails!.find((e) => e.type === "Skola elev")!.value);
    assert.deepEqual(row.grades, [String(student.enrolments![0]!.schoolYear).padStart(2, "0")]);
    assert.equal(row.identifier, student.externalIdentifiers?.[0]?.value ?? null);
    const orgs = await db.selectFrom("user_orgs").select("org_sourced_id").where("user_sourced_id", "=", student.id).execute();
    assert.deepEqual(orgs.map((o) => o.org_sourced_id), [student.enrolments![0]!.enroledAt.id]);
    const agents = await db.selectFrom("user_agents").select("agent_sourced_id").where("user_sourced_id", "=", student.id).orderBy("agent_sourced_id").execute();
    assert.deepEqual(agents.map((a) => a.agent_sourced_id), student.responsibles!.map((r) => r.person.id).filter((id) => guardians.has(id)).sort());

    const guardianId = agents[0]!.agent_sourced_id;
    assert.equal((await rowOf(db, "users", "t", guardianId)).role, "guardian");

    const activity = [...data.activities.values()].find((a) => a.syllabus !== undefined && a.teachers.length > 0)!;
    const cls = await rowOf(db, "classes", "t", activity.id);
    assert.equal(cls.class_type, "scheduled");
    assert.equal(cls.title, activity.displayName);
    assert.equal(cls.course_sourced_id, activity.syllabus!.id);
    const syllabus = data.syllabuses.get(activity.syllabus!.id)!;
    assert.deepEqual(cls.subject_codes, [syllabus.subjectCode]);
    const teacherDuty = data.duties.get(activity.teachers[0]!.duty.id)!;
    const enrolled = await db
      .selectFrom("enrollments")
      .select(["user_sourced_id", "role"])
      .where("class_sourced_id", "=", activity.id)
      .execute();
    const memberIds = activity.groups.flatMap((g) => data.groups.get(g.id)!.groupMemberships.map((m) => m.person.id));
    const { excluded } = expectedUsers(fake);
    assert.deepEqual(
      enrolled.filter((e) => e.role === "student").map((e) => e.user_sourced_id).sort(),
      [...new Set(memberIds)].filter((id) => !excluded.has(id)).sort(),
    );
    assert.ok(enrolled.some((e) => e.role === "teacher" && e.user_sourced_id === teacherDuty.person.id));

    const homeroom = klass.find((g) => [...data.duties.values()].some((d) => d.assignmentRole?.some((r) => r.group.id === g.id)))!;
    const mentor = [...data.duties.values()].find((d) => d.assignmentRole?.some((r) => r.group.id === homeroom.id))!;
    assert.equal((await rowOf(db, "classes", "t", homeroom.id)).class_type, "homeroom");
    const mentorEnrollment = await db
      .selectFrom("enrollments")
      .select("role")
      .where("class_sourced_id", "=", homeroom.id)
      .where("user_sourced_id", "=", mentor.person.id)
      .executeTakeFirst();
    assert.equal(mentorEnrollment?.role, "teacher");
    const terms = await db.selectFrom("class_terms").select("term_sourced_id").where("class_sourced_id", "=", homeroom.id).execute();
    const titles = await db.selectFrom("academic_sessions").select("title").where("sourced_id", "in", terms.map((t) => t.term_sourced_id)).orderBy("title").execute();
    assert.deepEqual(titles.map((t) => t.title), ["HT 2026", "VT 2027"]);
  });

  it("changes nothing, not even dateLastModified, when run again on an unchanged source", async () => {
    const { db } = database();
    const before = await dumpTenant(db, "t");
    const result = await importFrom(db, fake);
    for (const [entity, c] of Object.entries(result.counts)) {
      assert.equal(c.created + c.updated + c.removed + c.skipped, 0, `${entity}: ${JSON.stringify(c)}`);
    }
    assert.deepEqual(await dumpTenant(db, "t"), before);
  });

  it("never stores civicNo unless the setup says store, and then as the identifier", async () => {
    const { db } = database();
    const civicNos = [...fake.state.data.persons.values()].map((p) => p.civicNo!.value);
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from users u join user_ids i using (tenant_id)
      where i.identifier = any(${civicNos}) or u.identifier = any(${civicNos})`.execute(db);
    assert.equal(rows[0]!.n, 0);
    await importFrom(db, fake, { tenantId: "stored", settings: { personnummer: "store" } });
    const { students } = expectedUsers(fake);
    const row = await db.selectFrom("users").select("identifier").where("tenant_id", "=", "stored").where("sourced_id", "=", students[0]!.id).executeTakeFirstOrThrow();
    assert.equal(row.identifier, students[0]!.civicNo!.value);
  });
});
