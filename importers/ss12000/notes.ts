import type { SyncWarning } from "../../src/sync/types.ts";
import type { ClassCounts } from "./classes.ts";
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
  note("classes", classes.unknownOrganisation, "group(s) or activit(y/ies) at an organisation that is not imported: left out");
  note("classes", classes.teachingGroupsWithoutActivity, "teaching group(s) (Undervisning) without an activity: a teaching group becomes a class through its activity");
  note("enrollments", classes.membershipsOfNonUsers, "membership(s) or teacher assignment(s) of persons who are not users left out");
  return notes;
}
