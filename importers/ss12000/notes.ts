import type { SyncWarning } from "../../src/sync/types.ts";
import type { ClassCounts } from "./classes.ts";
import type { IdentityIndex } from "../identity-csv/identity-index.ts";
import type { PeopleCounts } from "./people.ts";

/** The importer's own summary for the run record: counts only, never who (protected persons stay unnamed). */
export function importNotes(people: PeopleCounts, classes: ClassCounts): SyncWarning[] {
  const notes: SyncWarning[] = [];
  const note = (entity: SyncWarning["entity"], count: number, why: string) => {
    if (count > 0) notes.push({ entity, why: `${count} ${why}` });
  };
  note("users", people.protected, "person(s) with a protective marking (skyddad folkbokföring, sekretessmarkering) left out with their memberships and links");
  note("users", people.inactive, "emigrated or deceased person(s) not imported");
  note("users", people.outOfScope, "person(s) neither enrolled, placed nor on duty at an imported organisation, nor responsible for a student: not imported");
  note("users", people.usernameFromId, "user(s) without eduPersonPrincipalName or e-mail: their username is their sourcedId");
  note("users", people.identityMatched, "student(s) and staff got their e-mail or username from the identity source");
  note("users", people.identityUnmatched, "student(s) and staff not found in the identity source: their register e-mail and username are used");
  note("classes", classes.unknownOrganisation, "group(s) or activit(y/ies) at an organisation that is not imported: left out");
  note("classes", classes.teachingGroupsWithoutActivity, "teaching group(s) (Undervisning) without an activity: a teaching group becomes a class through its activity");
  note("enrollments", classes.membershipsOfNonUsers, "membership(s) or teacher assignment(s) of persons who are not users left out");
  return notes;
}

/** What the identity source gave nobody: rows that matched no user, and rows left out (file:line: column: why). */
export function identityNotes(index: IdentityIndex): SyncWarning[] {
  const notes: SyncWarning[] = [];
  if (index.unusedRows > 0) notes.push({ entity: "users", why: `${index.unusedRows} row(s) of the identity source matched no student or staff member` });
  for (const problem of index.problems.slice(0, 20)) notes.push({ entity: "users", why: `identity source row left out: ${problem}` });
  if (index.problems.length > 20) notes.push({ entity: "users", why: `and ${index.problems.length - 20} more identity source row(s) left out` });
  return notes;
}
