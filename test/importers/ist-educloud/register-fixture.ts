/**
 * What the register preset tests (EduCloud, SchoolSoft) share: schools added to the SS 12000 fake, the fake's objects
 * the tests look at, and the exact rows the SS 12000 mapping should make of them.
 */
import type { Kysely } from "kysely";
import { v5 } from "uuid";
import type { Database } from "../../../db/schema.ts";
import type { FakeSs12000 } from "../../fakes/ss12000/server.ts";
import type { Activity, Group, Person } from "../../fakes/ss12000/types.ts";

/** The fake's generated school year is 2026/27; its memberships are current on this day. */
export const AS_OF = "2026-09-01";

const NAMESPACE = "4f1d2c7a-5b0e-4e61-9a53-2c8e7d1f0b36";
export const idOf = (name: string) => v5(name, NAMESPACE);

export interface AddedSchool {
  schoolId: string;
  teacherId: string;
  studentId: string;
  groupId: string;
}

/** A school unit with one teacher (mentor of its one class), one pupil and that class, added to the fake. */
export function addSchool(fake: FakeSs12000, name: string, code: string, startDate: string): AddedSchool {
  const ids = { schoolId: idOf(`${name}/school`), teacherId: idOf(`${name}/teacher`), studentId: idOf(`${name}/student`), groupId: idOf(`${name}/class`) };
  fake.add("organisations", {
    id: ids.schoolId,
    displayName: name,
    organisationType: "Skolenhet",
    schoolUnitCode: code,
    schoolTypes: ["GR"],
    parentOrganisation: { id: fake.state.districtId },
    startDate,
  });
  for (const [id, given] of [[ids.teacherId, "Tea"], [ids.studentId, "Stu"]] as const) {
    fake.add("persons", {
      id,
      givenName: given,
      familyName: name,
      securityMarking: "Ingen",
      personStatus: "Aktiv",
      eduPersonPrincipalNames: [`${given.toLowerCase()}@${code}.exempelby.se`],
      ...(id === ids.studentId ? { enrolments: [{ enroledAt: { id: ids.schoolId }, schoolYear: 5, schoolType: "GR" as const, startDate: "2022-08-17" }] } : {}),
    });
  }
  fake.add("duties", {
    id: idOf(`${name}/duty`),
    person: { id: ids.teacherId, securityMarking: "Ingen" },
    dutyAt: { id: ids.schoolId },
    dutyRole: "Lärare",
    startDate: "2020-08-01",
    assignmentRole: [{ group: { id: ids.groupId }, assignmentRoleType: "Mentor" }],
  });
  fake.add("groups", {
    id: ids.groupId,
    displayName: `5${name.slice(0, 1)}`,
    startDate: "2026-08-17",
    endDate: "2027-06-11",
    groupType: "Klass",
    schoolType: "GR",
    organisation: { id: ids.schoolId },
    groupMemberships: [{ person: { id: ids.studentId, securityMarking: "Ingen" } }],
  });
  return ids;
}

/** Persons the importer leaves out whatever the filters: protected (also when only a reference says so), emigrated, deceased. */
export function excludedPersons(fake: FakeSs12000): Set<string> {
  const { special, data } = fake.state;
  const excluded = new Set([...special.emigrated, ...special.deceased]);
  for (const p of data.persons.values()) if (p.securityMarking !== "Ingen") excluded.add(p.id);
  return excluded;
}

export interface Picked {
  /** A Klass group with a mentor and a protected pupil among its members. */
  homeroom: Group;
  /** A teaching group's activity with teachers, whose group has the pupil with a temporary personnummer. */
  activity: Activity;
  /** The pupil with a temporary personnummer (e.g. 20150308TX45). */
  temporary: Person;
  protectedIds: string[];
}

export function pick(fake: FakeSs12000): Picked {
  const { data, special } = fake.state;
  const excluded = excludedPersons(fake);
  const temporary = special.temporaryCivicNo.map((id) => data.persons.get(id)!).find((p) => !excluded.has(p.id))!;
  const protectedIds = [...data.persons.values()].filter((p) => p.securityMarking !== "Ingen").map((p) => p.id);
  const mentored = new Set([...data.duties.values()].flatMap((d) => (d.assignmentRole ?? []).map((r) => r.group.id)));
  // Whole-year ones, in force on AS_OF whatever the date filters.
  const wholeYear = (o: { startDate: string; endDate?: string }) => o.startDate <= AS_OF && (o.endDate ?? AS_OF) >= AS_OF;
  const homeroom = [...data.groups.values()].find(
    (g) => g.groupType === "Klass" && wholeYear(g) && mentored.has(g.id) && g.groupMemberships.some((m) => protectedIds.includes(m.person.id)),
  )!;
  const activity = [...data.activities.values()].find(
    (a) => wholeYear(a) && a.teachers.length > 0 && a.groups.some((g) => data.groups.get(g.id)!.groupMemberships.some((m) => m.person.id === temporary.id)),
  )!;
  if (!homeroom || !activity || !temporary) throw new Error("the fake municipality lacks what the test needs: change its seed");
  return { homeroom, activity, temporary, protectedIds };
}

export interface EnrollmentRow {
  user_sourced_id: string;
  role: string;
  primary: boolean | null;
  begin_date: string | null;
  end_date: string | null;
  status: string;
}

const byUserAndRole = (a: EnrollmentRow, b: EnrollmentRow) => (a.user_sourced_id + a.role < b.user_sourced_id + b.role ? -1 : 1);

/** The enrollments the mapping makes of a Klass group: its members as students, its mentors as teachers. */
export function expectedHomeroomEnrollments(fake: FakeSs12000, group: Group): EnrollmentRow[] {
  const excluded = excludedPersons(fake);
  const rows: EnrollmentRow[] = group.groupMemberships
    .filter((m) => !excluded.has(m.person.id))
    .map((m) => ({ user_sourced_id: m.person.id, role: "student", primary: null, begin_date: m.startDate ?? null, end_date: m.endDate ?? null, status: "active" }));
  for (const duty of fake.state.data.duties.values()) {
    for (const role of duty.assignmentRole ?? []) {
      if (role.group.id !== group.id || excluded.has(duty.person.id)) continue;
      rows.push({ user_sourced_id: duty.person.id, role: "teacher", primary: false, begin_date: role.startDate ?? null, end_date: role.endDate ?? null, status: "active" });
    }
  }
  return rows.sort(byUserAndRole);
}

/** The enrollments the mapping makes of an activity: the members of its groups as students, its duties' persons as teachers. */
export function expectedActivityEnrollments(fake: FakeSs12000, activity: Activity): EnrollmentRow[] {
  const { data } = fake.state;
  const excluded = excludedPersons(fake);
  const rows: EnrollmentRow[] = [];
  for (const ref of activity.groups) {
    for (const m of data.groups.get(ref.id)!.groupMemberships) {
      if (excluded.has(m.person.id) || rows.some((r) => r.user_sourced_id === m.person.id)) continue;
      rows.push({ user_sourced_id: m.person.id, role: "student", primary: null, begin_date: m.startDate ?? null, end_date: m.endDate ?? null, status: "active" });
    }
  }
  for (const t of activity.teachers) {
    const duty = data.duties.get(t.duty.id)!;
    rows.push({ user_sourced_id: duty.person.id, role: "teacher", primary: t.grader === true, begin_date: t.startDate ?? null, end_date: t.endDate ?? null, status: "active" });
  }
  return rows.sort(byUserAndRole);
}

export async function enrollmentsOf(db: Kysely<Database>, tenantId: string, classId: string): Promise<EnrollmentRow[]> {
  const rows = await db
    .selectFrom("enrollments")
    .select(["user_sourced_id", "role", "primary", "begin_date", "end_date", "status"])
    .where("tenant_id", "=", tenantId)
    .where("class_sourced_id", "=", classId)
    .execute();
  return rows.sort(byUserAndRole);
}

export async function classRow(db: Kysely<Database>, tenantId: string, classId: string) {
  return db
    .selectFrom("classes")
    .innerJoin("courses", (join) => join.onRef("courses.tenant_id", "=", "classes.tenant_id").onRef("courses.sourced_id", "=", "classes.course_sourced_id"))
    .select(["classes.sourced_id", "classes.status", "classes.title", "classes.class_code", "classes.class_type", "classes.school_sourced_id", "classes.grades", "courses.title as course_title"])
    .where("classes.tenant_id", "=", tenantId)
    .where("classes.sourced_id", "=", classId)
    .executeTakeFirst();
}

/** The user row and its userIds, as the tests compare them. */
export async function userRow(db: Kysely<Database>, tenantId: string, userId: string) {
  const user = await db
    .selectFrom("users")
    .select(["sourced_id", "status", "role", "username", "given_name", "family_name", "identifier", "email", "grades", "primary_org_sourced_id"])
    .where("tenant_id", "=", tenantId)
    .where("sourced_id", "=", userId)
    .executeTakeFirst();
  const ids = await db.selectFrom("user_ids").select(["type", "identifier"]).where("tenant_id", "=", tenantId).where("user_sourced_id", "=", userId).orderBy("ordinal").execute();
  return { user, ids };
}

/** The user row the mapping makes of a generated pupil: eppn as username, school e-mail, elevnummer as identifier, never civicNo. */
export function expectedStudentRow(person: Person) {
  const enrolment = person.enrolments![0]!;
  const elevnummer = person.externalIdentifiers?.[0];
  const grade = enrolment.schoolType === "GY" ? String(9 + enrolment.schoolYear!) : enrolment.schoolType === "FKLASS" ? "KG" : String(enrolment.schoolYear).padStart(2, "0");
  return {
    user: {
      sourced_id: person.id,
      status: "active",
      role: "student",
      username: person.eduPersonPrincipalNames![0]!,
      given_name: person.givenName,
      family_name: person.familyName,
      identifier: elevnummer?.value ?? null,
      email: person.emails!.find((e) => e.type === "Skola elev")!.value,
      grades: [grade],
      primary_org_sourced_id: enrolment.enroledAt.id,
    },
    ids: elevnummer ? [{ type: elevnummer.context, identifier: elevnummer.value }] : [],
  };
}

/** Every row in tenant `tenantId` of the roster tables that mentions one of `values` (ids never stored must appear nowhere). */
export async function rowsMentioning(db: Kysely<Database>, tenantId: string, values: readonly string[]): Promise<string[]> {
  const found: string[] = [];
  for (const table of ["orgs", "users", "user_orgs", "user_agents", "user_ids", "classes", "courses", "enrollments", "demographics", "sync_runs"] as const) {
    const rows = (await db.selectFrom(table).selectAll().where("tenant_id", "=", tenantId).execute()) as Array<Record<string, unknown>>;
    for (const row of rows) {
      const json = JSON.stringify(row);
      if (values.some((v) => json.includes(v))) found.push(`${table}: ${json}`);
    }
  }
  return found;
}
