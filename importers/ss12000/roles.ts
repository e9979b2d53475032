import type { UserRole } from "../../src/model/canonical.ts";

const ADMINISTRATOR_DUTIES = new Set(["Rektor", "Förskolechef", "Övrig arbetsledning", "Skoladministratör"]);
const TEACHER_DUTIES = new Set([
  "Lärare",
  "Förstelärare",
  "Förskollärare",
  "Fritidspedagog",
  "Speciallärare/specialpedagog",
  "Övrig pedagogisk personal",
]);

/**
 * The OneRoster role of a duty (Code_DutyRole): leadership → administrator, teaching staff → teacher, everyone
 * else at the school (assistants, student health, library …) → aide.
 */
export function roleOfDuty(dutyRole: string | undefined): UserRole {
  if (dutyRole !== undefined && ADMINISTRATOR_DUTIES.has(dutyRole)) return "administrator";
  if (dutyRole !== undefined && TEACHER_DUTIES.has(dutyRole)) return "teacher";
  return "aide";
}

const RANK: Partial<Record<UserRole, number>> = { administrator: 3, teacher: 2, aide: 1 };

/** Of several duties, the role that gives the most access. */
export function strongerRole(a: UserRole, b: UserRole): UserRole {
  return (RANK[b] ?? 0) > (RANK[a] ?? 0) ? b : a;
}

/** A custodian or a guardian appointed by a court is a guardian; other responsible adults are relatives. */
export function roleOfRelation(relationType: string | undefined): UserRole {
  return relationType === "Vårdnadshavare" || relationType === "God man" ? "guardian" : "relative";
}

/** Skyddad folkbokföring, sekretessmarkering or any other marking than "Ingen": never read further, never stored. */
export function isProtected(securityMarking: string | undefined): boolean {
  return securityMarking !== undefined && securityMarking !== "Ingen";
}

/** Emigrated and deceased persons are not active. */
export function isInactive(personStatus: string | undefined): boolean {
  return personStatus === "Utvandrad" || personStatus === "Avliden";
}
