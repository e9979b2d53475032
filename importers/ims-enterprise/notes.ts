import type { SyncWarning } from "../../src/sync/types.ts";
import type { ImsCounts } from "./mapping.ts";

/** The importer's own summary for the run record: counts only, never who (protected persons stay unnamed). */
export function importNotes(counts: ImsCounts): SyncWarning[] {
  const notes: SyncWarning[] = [];
  const note = (entity: SyncWarning["entity"], count: number, why: string) => {
    if (count > 0) notes.push({ entity, why: `${count} ${why}` });
  };
  note("users", counts.protected, "person(s) with a protected identity (privacy) left out with their memberships and links");
  note("enrollments", counts.membershipsOfProtected, "membership(s) of persons with a protected identity left out");
  note("users", counts.inactive, "deceased or emigrated person(s) not imported");
  note("users", counts.outOfScope, "person(s) without a role in an imported school or class, nor guardian of a student: not imported");
  note("users", counts.temporaryIds, "person(s) whose only id is a temporary personnummer: their sourcedId changes when the register gives them a real number");
  note("users", counts.usernameFromId, "user(s) without a login name or school e-mail: their username is their sourcedId");
  note("classes", counts.groupsWithoutSchool, "group(s) not linked to a school (through a membership, relationship or org): left out");
  note("enrollments", counts.membershipsOfNonUsers, "membership(s) of persons who are not users in that role left out");
  return notes;
}
