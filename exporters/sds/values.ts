/**
 * The canonical (OneRoster 1.1) values mapped to SDS's default List of Values (reference: exports.md §1b). Each table
 * covers every value the canonical database allows, so a new canonical value fails the tests until it is mapped.
 */

/** orgs.type: all six OneRoster 1.1 types are SDS values as they are. */
export const SDS_ORG_TYPE = {
  district: "district",
  school: "school",
  department: "department",
  local: "local",
  state: "state",
  national: "national",
} as const satisfies Record<string, string>;

/** roles.role of a person (users.role). Guardians are no role in SDS: they come in through relationships.csv. */
export const SDS_ROLE = {
  student: "student",
  teacher: "teacher",
  administrator: "administrator",
  // SDS has no "aide"; its staff list calls the same job teacherAssistant.
  aide: "teacherAssistant",
  proctor: "proctor",
  guardian: null,
  parent: null,
  relative: null,
} as const satisfies Record<string, string | null>;

/** enrollments.role (the canonical enrollments.role values). */
export const SDS_ENROLLMENT_ROLE = {
  student: "student",
  teacher: "teacher",
  administrator: "administrator",
  proctor: "proctor",
} as const satisfies Record<string, string>;

/** academicSessions.type: all four OneRoster 1.1 types are SDS values as they are. */
export const SDS_SESSION_TYPE = {
  schoolYear: "schoolYear",
  semester: "semester",
  term: "term",
  gradingPeriod: "gradingPeriod",
} as const satisfies Record<string, string>;

/** relationships.csv relationshipRole, by the guardian's users.role. */
export const SDS_RELATIONSHIP_ROLE = {
  guardian: "guardian",
  parent: "parent",
  relative: "relative",
} as const satisfies Record<string, string>;

/** demographics.csv sex (canonical demographics.sex). */
export const SDS_SEX = {
  male: "male",
  female: "female",
  other: "other",
  unspecified: "unspecified",
} as const satisfies Record<string, string>;

/** CEDS grade codes (as OneRoster and the canonical database hold them) to SDS grade codes. */
export const SDS_GRADE: Readonly<Record<string, string>> = {
  IT: "it",
  PR: "pr",
  PK: "pk",
  TK: "tk",
  KG: "kg",
  ...Object.fromEntries(Array.from({ length: 13 }, (_, i) => [String(i + 1).padStart(2, "0"), String(i + 1).padStart(2, "0")])),
  PS: "ps",
  UG: "ug",
  Other: "other",
};

/** A canonical value through a mapping table, or undefined when the table has none for it. */
export function mapValue<T extends Record<string, string | null>>(table: T, value: string | null | undefined): T[keyof T] | undefined {
  if (value === null || value === undefined || !Object.hasOwn(table, value)) return undefined;
  return table[value as keyof T];
}

/** A grade to SDS's code; the CEDS code is matched case-insensitively ("kg", "Kg"), a single digit as 0N. */
export function sdsGrade(grade: string | null | undefined): string | undefined {
  if (!grade) return undefined;
  const key = /^\d$/.test(grade) ? `0${grade}` : grade;
  const found = Object.entries(SDS_GRADE).find(([ceds]) => ceds.toLowerCase() === key.toLowerCase());
  return found?.[1];
}
