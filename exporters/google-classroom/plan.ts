import type { ExportWarning } from "../contract.ts";
import { courseAlias, courseProperties, desiredMembership, propertiesHash, type CourseCreateBody, type CourseProperties } from "./desired.ts";
import type { ClassroomState } from "./export-state.ts";
import type { ClassroomSettings } from "./settings.ts";
import type { ClassroomSnapshot } from "./snapshot.ts";

export interface RemoteRoster {
  teachers: string[];
  students: string[];
  /** Pending invitations (invitation mode): user id → invitation. */
  invitations: Map<string, { id: string; role: "TEACHER" | "STUDENT" }>;
}

/**
 * What the target holds, as far as this night's plan needs it. export_state is trusted for every course whose hashes
 * still match; only the rest is read from Classroom (remote.ts), so an unchanged night reads nothing.
 */
export interface ClassroomRemoteState {
  state: ClassroomState;
  /** user sourcedId → Google user id (export_state plus this run's look-ups). */
  userIds: ReadonlyMap<string, string>;
  /** Courses found by alias though export_state has none (a crashed run made them, or someone else did). */
  adopted: ReadonlyMap<string, { id: string; archived: boolean }>;
  /** Current rosters of the courses whose membership hash changed (and of adopted courses). */
  rosters: ReadonlyMap<string, RemoteRoster>;
}

export type StateAction = "archive" | "unarchive";

/** Everything to do for one class's course, and the export_state to record once it is done. */
export interface CourseChange {
  sourcedId: string;
  alias: string;
  /** null: the course does not exist yet and `create` makes it. */
  remoteId: string | null;
  create: CourseCreateBody | null;
  patch: CourseProperties | null;
  state: StateAction | null;
  teacherAdds: string[];
  teacherRemoves: string[];
  studentAdds: string[];
  studentRemoves: string[];
  /** Pending invitations of people who should no longer be invited (invitation ids). */
  invitationDeletes: string[];
  record: {
    /** The course's export_state once its create, state change and patch are done; null: nothing to record. */
    course: { propertiesHash: string; archived: boolean } | null;
    /** null: membership is not kept (archived courses keep the members they had). */
    membershipHash: string | null;
  };
}

export interface ClassroomPlan {
  changes: CourseChange[];
  warnings: ExportWarning[];
}

/** Members whose Google id is not known for their current e-mail. */
export function neededUserLookups(snapshot: ClassroomSnapshot, state: ClassroomState): Map<string, string> {
  const users = new Map<string, string>();
  for (const [sourcedId, email] of snapshot.emails) if (state.user.get(sourcedId)?.appliedHash !== email) users.set(sourcedId, email);
  return users;
}

/** What remote.ts must read before plan() can run: courses to find by alias, courses whose roster must be compared. */
export function neededRemoteReads(
  snapshot: ClassroomSnapshot,
  state: ClassroomState,
  userIds: ReadonlyMap<string, string>,
  settings: Pick<ClassroomSettings, "aliasPrefix">,
): { lookups: Map<string, string>; rosters: Map<string, string> } {
  const lookups = new Map<string, string>();
  const rosters = new Map<string, string>();
  for (const schoolClass of snapshot.classes) {
    if (schoolClass.ended) continue;
    const known = state.course.get(schoolClass.sourcedId);
    if (!known) lookups.set(schoolClass.sourcedId, courseAlias(schoolClass.sourcedId, settings.aliasPrefix));
    else if (state["course-members"].get(schoolClass.sourcedId)?.appliedHash !== desiredMembership(schoolClass, userIds).hash) {
      rosters.set(schoolClass.sourcedId, known.remoteId);
    }
  }
  return { lookups, rosters };
}

function difference(from: readonly string[], minus: ReadonlySet<string>): string[] {
  return from.filter((id) => !minus.has(id));
}

function emptyChange(sourcedId: string, alias: string, remoteId: string | null): CourseChange {
  return {
    sourcedId,
    alias,
    remoteId,
    create: null,
    patch: null,
    state: null,
    teacherAdds: [],
    teacherRemoves: [],
    studentAdds: [],
    studentRemoves: [],
    invitationDeletes: [],
    record: { course: null, membershipHash: null },
  };
}

/**
 * Pure: the changes that make the target match the snapshot. Ended classes' courses are archived and never deleted;
 * a class that comes back is made ACTIVE again. An ended class that was never exported is left alone, and so is a
 * class none of whose teachers has a Google account (a course needs an owner).
 */
export function planClassroomExport(
  snapshot: ClassroomSnapshot,
  remote: ClassroomRemoteState,
  settings: Pick<ClassroomSettings, "aliasPrefix" | "courseState">,
): ClassroomPlan {
  const changes: CourseChange[] = [];
  const warnings: ExportWarning[] = [];
  const { state } = remote;
  const unmatched = new Set<string>();

  for (const schoolClass of snapshot.classes) {
    const { sourcedId } = schoolClass;
    const alias = courseAlias(sourcedId, settings.aliasPrefix);
    const known = state.course.get(sourcedId);
    const adopted = remote.adopted.get(sourcedId);
    const remoteId = known?.remoteId ?? adopted?.id ?? null;
    if (remoteId === null && schoolClass.ended) continue;

    const membership = desiredMembership(schoolClass, remote.userIds);
    if (!schoolClass.ended) for (const user of membership.unresolved) unmatched.add(user);
    const properties = courseProperties(schoolClass, membership);
    const hash = propertiesHash(properties);
    const change = emptyChange(sourcedId, alias, remoteId);

    if (remoteId === null) {
      if (membership.owner === null) {
        warnings.push({ entity: "classes", sourcedId, why: "no teacher with a Google account, so no course owner: the course is not created" });
        continue;
      }
      change.create = { id: alias, ...properties, ownerId: membership.owner, courseState: settings.courseState };
      change.teacherAdds = membership.teachers.filter((id) => id !== membership.owner);
      change.studentAdds = membership.students;
      change.record = { course: { propertiesHash: hash, archived: false }, membershipHash: membership.hash };
      changes.push(change);
      continue;
    }

    const archived = known?.archived ?? adopted?.archived ?? false;
    const recordedHash = known?.appliedHash ?? "";
    if (schoolClass.ended) {
      // Archived as it is: an ARCHIVED course is read-only, and it keeps the members it had.
      if (!archived) {
        change.state = "archive";
        change.record.course = { propertiesHash: recordedHash, archived: true };
      }
    } else {
      if (archived) {
        change.state = "unarchive";
        change.record.course = { propertiesHash: recordedHash, archived: false };
      }
      if (recordedHash !== hash) {
        change.patch = properties;
        change.record.course = { propertiesHash: hash, archived: false };
      }
      if (state["course-members"].get(sourcedId)?.appliedHash !== membership.hash) {
        const roster = remote.rosters.get(sourcedId);
        if (!roster) throw new Error(`the current roster of course ${remoteId} (class ${sourcedId}) was not read`);
        const teachers = new Set(membership.teachers);
        const students = new Set(membership.students);
        const currentTeachers = new Set(roster.teachers);
        const currentStudents = new Set(roster.students);
        const invitedAs = (role: "TEACHER" | "STUDENT") => new Set([...roster.invitations].filter(([, i]) => i.role === role).map(([user]) => user));
        change.teacherAdds = difference(membership.teachers, new Set([...currentTeachers, ...invitedAs("TEACHER")]));
        change.studentAdds = difference(membership.students, new Set([...currentStudents, ...invitedAs("STUDENT")]));
        change.teacherRemoves = difference([...currentTeachers].sort(), teachers);
        change.studentRemoves = difference([...currentStudents].sort(), students);
        change.invitationDeletes = [...roster.invitations]
          .filter(([user, invitation]) => !(invitation.role === "TEACHER" ? teachers : students).has(user))
          .map(([, invitation]) => invitation.id)
          .sort();
        change.record.membershipHash = membership.hash;
      }
    }
    if (isNeeded(change)) changes.push(change);
  }

  // Courses exported before whose class is no longer exported at all (type filter changed, purged): archive, never delete.
  const exported = new Set(snapshot.classes.map((schoolClass) => schoolClass.sourcedId));
  for (const [sourcedId, course] of state.course) {
    if (exported.has(sourcedId) || course.archived) continue;
    const change = emptyChange(sourcedId, courseAlias(sourcedId, settings.aliasPrefix), course.remoteId);
    change.state = "archive";
    change.record.course = { propertiesHash: course.appliedHash, archived: true };
    changes.push(change);
  }
  for (const sourcedId of unmatched) {
    warnings.push({ entity: "users", sourcedId, why: "no Google account with its e-mail: left out of its courses" });
  }
  return { changes, warnings };
}

function isNeeded(change: CourseChange): boolean {
  return writeCount(change) > 0 || change.record.course !== null || change.record.membershipHash !== null;
}

/** How many Classroom write calls a change makes. */
export function writeCount(change: CourseChange): number {
  return (
    (change.create ? 1 : 0) +
    (change.patch ? 1 : 0) +
    (change.state ? 1 : 0) +
    change.teacherAdds.length +
    change.teacherRemoves.length +
    change.studentAdds.length +
    change.studentRemoves.length +
    change.invitationDeletes.length
  );
}

export function planWriteCount(plan: ClassroomPlan): number {
  return plan.changes.reduce((sum, change) => sum + writeCount(change), 0);
}
