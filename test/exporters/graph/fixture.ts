import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema.ts";
import { graphClient } from "../../../exporters/graph/client.ts";
import { parseGraphSettings, type GraphSettings, type GraphSettingsInput } from "../../../exporters/graph/settings.ts";
import type { FakeGraph } from "../../fakes/graph/server.ts";

/**
 * A tenant of one school: a school year with two terms, a homeroom class and three scheduled classes (one of them
 * for the autumn term only), two teachers and six students. Every user's username is their userPrincipalName.
 */
export const CLASSES = {
  homeroom: "class-7a",
  math1: "class-ma7-1",
  math2: "class-ma7-2",
  englishAutumn: "class-en7-ht",
} as const;

export const UPN = (user: string) => `${user}@skola.test`;
export const TEACHERS = ["t-anna", "t-bo"] as const;
export const STUDENTS = ["s-1", "s-2", "s-3", "s-4", "s-5", "s-6"] as const;

/** [class, user, role]: the enrollment sourcedId is `e-<class>-<user>`. */
export const ENROLLMENTS: Array<[string, string, "teacher" | "student"]> = [
  [CLASSES.homeroom, "t-anna", "teacher"],
  ...STUDENTS.map((s): [string, string, "student"] => [CLASSES.homeroom, s, "student"]),
  [CLASSES.math1, "t-bo", "teacher"],
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

export async function loadGraphTenant(db: Kysely<Database>, tenantId = "default"): Promise<void> {
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
  const schoolClass = (sourcedId: string, title: string, classType: "homeroom" | "scheduled") => ({
    ...t,
    sourced_id: sourcedId,
    title,
    class_type: classType,
    course_sourced_id: "course-1",
    school_sourced_id: "school-1",
  });
  await db
    .insertInto("classes")
    .values([
      schoolClass(CLASSES.homeroom, "7A", "homeroom"),
      schoolClass(CLASSES.math1, "Matematik 7 grupp 1", "scheduled"),
      schoolClass(CLASSES.math2, "Matematik 7 grupp 2", "scheduled"),
      schoolClass(CLASSES.englishAutumn, "Engelska 7 HT", "scheduled"),
    ])
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
  await db
    .insertInto("users")
    .values(
      [...TEACHERS.map((u) => [u, "teacher"] as const), ...STUDENTS.map((u) => [u, "student"] as const)].map(([u, role]) => ({
        ...t,
        sourced_id: u,
        username: UPN(u),
        given_name: u,
        family_name: "Test",
        role,
      })),
    )
    .execute();
  await db
    .insertInto("user_orgs")
    .values([...TEACHERS, ...STUDENTS].map((u) => ({ tenant_id: tenantId, user_sourced_id: u, org_sourced_id: "school-1" })))
    .execute();
  await db
    .insertInto("enrollments")
    .values(ENROLLMENTS.map(([c, u, role]) => ({ ...t, sourced_id: `e-${c}-${u}`, class_sourced_id: c, user_sourced_id: u, role, school_sourced_id: "school-1" })))
    .execute();
}

/** Every fixture user exists in the fake's Entra directory. */
export function addFixtureUsers(fake: FakeGraph): void {
  for (const user of [...TEACHERS, ...STUDENTS]) fake.state.addUser(UPN(user), `entra-${user}`);
}

export function fakeSettings(fake: FakeGraph, overrides: Partial<GraphSettingsInput> = {}): GraphSettings {
  return parseGraphSettings({
    directoryTenantId: fake.tenantId,
    clientId: fake.clientId,
    authorityUrl: fake.url,
    graphUrl: fake.url,
    archiveSuffix: " (arkiv)",
    teamRetryDelayMs: 5,
    ...overrides,
  });
}

export function fakeClient(fake: FakeGraph, settings: GraphSettings) {
  return graphClient(settings, fake.clientSecret);
}

/** What the fake should hold after a first run over the fixture (users named by their UPN). */
export function expectedTarget(options: { suffix?: string; archived?: string[] } = {}) {
  const expected: Record<string, { displayName: string; teachers: string[]; members: string[]; team: "none" | "active" | "archived" }> = {};
  const titles: Record<string, string> = {
    [CLASSES.homeroom]: "7A",
    [CLASSES.math1]: "Matematik 7 grupp 1",
    [CLASSES.math2]: "Matematik 7 grupp 2",
    [CLASSES.englishAutumn]: "Engelska 7 HT",
  };
  for (const [sourcedId, title] of Object.entries(titles).sort(([a], [b]) => a.localeCompare(b))) {
    const rows = ENROLLMENTS.filter(([c]) => c === sourcedId);
    const archived = options.archived?.includes(sourcedId) ?? false;
    expected[sourcedId] = {
      displayName: archived ? `${title}${options.suffix ?? ""}` : title,
      teachers: rows.filter(([, , role]) => role === "teacher").map(([, u]) => UPN(u)).sort(),
      members: rows.map(([, u]) => UPN(u)).sort(),
      team: archived ? "archived" : "active",
    };
  }
  return expected;
}

/** Teachers + members + classes + teams of the fixture: the write calls of a first run. */
export const FIRST_RUN_WRITES = 4 + ENROLLMENTS.length + ENROLLMENTS.filter(([, , role]) => role === "teacher").length + 4;
