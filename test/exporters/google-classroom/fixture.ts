import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema.ts";
import { classroomClient } from "../../../exporters/google-classroom/client.ts";
import { parseClassroomSettings, type ClassroomSettings, type ClassroomSettingsInput } from "../../../exporters/google-classroom/settings.ts";
import type { FakeGoogle } from "../../fakes/google/server.ts";

/**
 * A tenant of one school: a school year with two terms, a homeroom class and three scheduled classes (one of them for
 * the autumn term only), two teachers and seven students, one of whom has no e-mail. In "Matematik 7 grupp 1" both
 * teachers teach and t-bo is the primary one, so he owns the course although t-anna sorts first.
 */
export const CLASSES = {
  homeroom: "class-7a",
  math1: "class-ma7-1",
  math2: "class-ma7-2",
  englishAutumn: "class-en7-ht",
} as const;

export const EMAIL = (user: string) => `${user}@skola.test`;
export const alias = (sourcedId: string) => `d:${sourcedId}`;
export const TEACHERS = ["t-anna", "t-bo"] as const;
export const STUDENTS = ["s-1", "s-2", "s-3", "s-4", "s-5", "s-6"] as const;
/** A student with no e-mail: left out of Classroom, with a warning. */
export const NO_EMAIL = "s-7";

/** [class, user, role, primary]: the enrollment sourcedId is `e-<class>-<user>`. */
export const ENROLLMENTS: Array<[string, string, "teacher" | "student", boolean?]> = [
  [CLASSES.homeroom, "t-anna", "teacher"],
  ...STUDENTS.map((s): [string, string, "student"] => [CLASSES.homeroom, s, "student"]),
  [CLASSES.homeroom, NO_EMAIL, "student"],
  [CLASSES.math1, "t-anna", "teacher", false],
  [CLASSES.math1, "t-bo", "teacher", true],
  [CLASSES.math1, "s-1", "student"],
  [CLASSES.math1, "s-2", "student"],
  [CLASSES.math1, "s-3", "student"],
  [CLASSES.math2, "t-bo", "teacher"],
  [CLASSES.math2, "s-4", "student"],
  [CLASSES.math2, "s-5", "student"],
  [CLASSES.math2, "s-6", "student"],
  [CLASSES.englishAutumn, "t-anna", "teacher"],
  [CLASSES.englishAutumn, "s-1", "student"],
  [CLASSES.englishAutumn, "s-4", "student"],
];

export const TITLES: Record<string, string> = {
  [CLASSES.homeroom]: "7A",
  [CLASSES.math1]: "Matematik 7 grupp 1",
  [CLASSES.math2]: "Matematik 7 grupp 2",
  [CLASSES.englishAutumn]: "Engelska 7 HT",
};

export async function loadClassroomTenant(db: Kysely<Database>, tenantId = "default"): Promise<void> {
  await db.insertInto("tenants").values({ id: tenantId, name: "Exempelby" }).onConflict((c) => c.doNothing()).execute();
  const t = { tenant_id: tenantId, source_id: "fixture" };
  await db.insertInto("sources").values({ tenant_id: tenantId, id: "fixture", kind: "test" }).execute();
  await db.insertInto("orgs").values({ ...t, sourced_id: "school-1", name: "Björkskolan", type: "school" }).execute();
  await db
    .insertInto("academic_sessions")
    .values([
      { ...t, sourced_id: "year-2027", title: "Läsåret 2026/27", type: "schoolYear", start_date: "2026-08-17", end_date: "2027-06-11", school_year: "2027" },
      { ...t, sourced_id: "term-ht", title: "HT 2026", type: "term", start_date: "2026-08-17", end_date: "2026-12-22", school_year: "2027", parent_sourced_id: "year-2027" },
      { ...t, sourced_id: "term-vt", title: "VT 2027", type: "term", start_date: "2027-01-08", end_date: "2027-06-11", school_year: "2027", parent_sourced_id: "year-2027" },
    ])
    .execute();
  await db.insertInto("courses").values({ ...t, sourced_id: "course-1", title: "Årskurs 7", org_sourced_id: "school-1" }).execute();
  await db
    .insertInto("classes")
    .values(
      Object.entries(TITLES).map(([sourcedId, title]) => ({
        ...t,
        sourced_id: sourcedId,
        title,
        class_type: sourcedId === CLASSES.homeroom ? ("homeroom" as const) : ("scheduled" as const),
        course_sourced_id: "course-1",
        school_sourced_id: "school-1",
      })),
    )
    .execute();
  await db
    .insertInto("class_terms")
    .values([
      ...[CLASSES.homeroom, CLASSES.math1, CLASSES.math2].flatMap((c) => [
        { tenant_id: tenantId, class_sourced_id: c, term_sourced_id: "term-ht", ordinal: 0 },
        { tenant_id: tenantId, class_sourced_id: c, term_sourced_id: "term-vt", ordinal: 1 },
      ]),
      { tenant_id: tenantId, class_sourced_id: CLASSES.englishAutumn, term_sourced_id: "term-ht", ordinal: 0 },
    ])
    .execute();
  const people = [...TEACHERS.map((u) => [u, "teacher"] as const), ...[...STUDENTS, NO_EMAIL].map((u) => [u, "student"] as const)];
  await db
    .insertInto("users")
    .values(people.map(([u, role]) => ({ ...t, sourced_id: u, username: u, email: u === NO_EMAIL ? null : EMAIL(u).toUpperCase(), given_name: u, family_name: "Test", role })))
    .execute();
  await db.insertInto("user_orgs").values(people.map(([u]) => ({ tenant_id: tenantId, user_sourced_id: u, org_sourced_id: "school-1" }))).execute();
  await db
    .insertInto("enrollments")
    .values(
      ENROLLMENTS.map(([c, u, role, primary]) => ({
        ...t,
        sourced_id: `e-${c}-${u}`,
        class_sourced_id: c,
        user_sourced_id: u,
        role,
        primary: primary ?? null,
        school_sourced_id: "school-1",
      })),
    )
    .execute();
}

/** Every fixture user with an e-mail has a Google account in the fake's domain. */
export function addFixtureUsers(fake: FakeGoogle): void {
  for (const user of [...TEACHERS, ...STUDENTS]) fake.state.addUser(EMAIL(user), `g-${user}`);
}

export function fakeSettings(fake: FakeGoogle, overrides: Partial<ClassroomSettingsInput> = {}): ClassroomSettings {
  return parseClassroomSettings({ adminSubject: fake.adminSubject, rootUrl: fake.url, tokenUrl: fake.tokenUrl, backoffBaseMs: 10, backoffMaxMs: 50, ...overrides });
}

export function fakeClient(fake: FakeGoogle, settings: ClassroomSettings) {
  return classroomClient(settings, fake.serviceAccountKey);
}

type Summary = ReturnType<FakeGoogle["state"]["summary"]>;

/** What the fake should hold after a first run over the fixture (users by e-mail). */
export function expectedTarget(options: { archived?: string[] } = {}): Summary {
  const expected: Summary = {};
  for (const [sourcedId, title] of Object.entries(TITLES).sort(([a], [b]) => (alias(a) < alias(b) ? -1 : 1))) {
    const rows = ENROLLMENTS.filter(([c, u]) => c === sourcedId && u !== NO_EMAIL);
    const teachers = rows.filter(([, , role]) => role === "teacher");
    const owner = teachers.find(([, , , primary]) => primary) ?? teachers[0]!;
    expected[alias(sourcedId)] = {
      name: title,
      section: "Björkskolan",
      state: options.archived?.includes(sourcedId) ? "ARCHIVED" : "ACTIVE",
      owner: EMAIL(owner[1]),
      teachers: teachers.map(([, u]) => EMAIL(u)).sort(),
      students: rows.filter(([, , role]) => role === "student").map(([, u]) => EMAIL(u)).sort(),
      invited: [],
    };
  }
  return expected;
}

/** Courses + non-owner teachers + students of the fixture: the write calls of a first run. */
export const FIRST_RUN_WRITES = 4 + 1 + ENROLLMENTS.filter(([, u, role]) => role === "student" && u !== NO_EMAIL).length;
