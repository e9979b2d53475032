import type { AcademicSession, Class, Course, Enrollment, User } from "../../src/model/canonical.ts";
import { Calendar, sessionRecords, termKey, type Term } from "../ss12000/calendar.ts";
import type { IdMaker } from "./identity.ts";
import type { MapState } from "./mapping-types.ts";
import type { ImsGroup, ImsMember, ImsRole } from "./records.ts";
import { roleKind } from "./roles.ts";
import type { Structure } from "./schools.ts";

export interface BuiltClasses {
  sessions: AcademicSession[];
  courses: Course[];
  classes: Class[];
  enrollments: Enrollment[];
  /** Enrollments a role with recstatus 3 (delete) ends. */
  removedEnrollments: string[];
}

/**
 * Classes of the placed groups with their terms (the configured terms their timeframe overlaps) and courses, and the
 * enrollments of their members' current roles: students as students, teachers and mentors as teachers (GradeAuthority
 * primary). A member who is not a user in that role is counted and left out.
 */
export function buildClasses(state: MapState, structure: Structure, users: ReadonlyMap<string, User>): BuiltClasses {
  const { source, settings, context, ids, counts, current, protectedIds, gone } = state;
  const calendar = new Calendar(settings.terms);
  const terms = new Map<string, Term>();
  const courses = new Map<string, Course>();
  const classes: Class[] = [];
  const enrollments: Enrollment[] = [];
  const removedEnrollments: string[] = [];
  for (const [groupId, { group, kind, schoolId }] of structure.placed) {
    const members = (source.members.get(groupId) ?? []).filter((m) => m.kind === "person" && !protectedIds.has(m.id));
    const sourcedId = ids.of("class", groupId);
    if (group && kind) {
      const start = group.begin ?? context.today;
      const end = group.end ?? (start > context.today ? start : context.today);
      const termSourcedIds = calendar.termsOverlapping(start, end).map((term) => {
        terms.set(termKey(term), term);
        return ids.of("academicSession", termKey(term));
      });
      let course = kind === "homeroom" ? homeroomCourse(ids, structure.schoolNames.get(schoolId) ?? "", schoolId) : teachingCourse(ids, group, members, schoolId, current);
      const stored = context.baseline?.classes.get(sourcedId);
      if (stored && course.courseCode == null && course.sourcedId !== stored.courseSourcedId) {
        // A delta's teaching group without its teachers' activities keeps its course and subjects.
        course = { ...course, sourcedId: stored.courseSourcedId, subjectCodes: stored.subjectCodes ?? [] };
      } else if (!courses.has(course.sourcedId)) courses.set(course.sourcedId, course);
      classes.push({
        sourcedId,
        title: group.longName ?? group.name,
        classCode: group.name,
        classType: kind,
        courseSourcedId: course.sourcedId,
        schoolSourcedId: schoolId,
        termSourcedIds,
        subjectCodes: course.subjectCodes ?? [],
      });
    }
    const made = new Set<string>();
    for (const member of members) {
      const userId = ids.person(member.id);
      for (const role of member.roles.filter((r) => r.recstatus === 3)) {
        const ended = enrollmentRoleOf(role);
        if (ended) removedEnrollments.push(ids.of("enrollment", `${sourcedId}/${userId}/${ended}`));
      }
      // A delta may name a member it does not describe: a user stored before.
      const user = users.get(member.id) ?? (gone.has(userId) ? undefined : context.baseline?.users.get(userId));
      const roles = member.roles.filter(current);
      const grader = roles.some((r) => r.roleType.toLowerCase() === "gradeauthority");
      for (const role of roles) {
        const enrollmentRole = enrollmentRoleOf(role);
        if (!enrollmentRole) continue;
        const fits = user && (enrollmentRole === "student" ? user.role === "student" : user.role === "teacher" || user.role === "administrator");
        if (!fits) {
          counts.membershipsOfNonUsers++;
          continue;
        }
        const key = `${userId}/${enrollmentRole}`;
        if (made.has(key)) continue;
        made.add(key);
        enrollments.push({
          sourcedId: ids.of("enrollment", `${sourcedId}/${key}`),
          classSourcedId: sourcedId,
          schoolSourcedId: schoolId,
          userSourcedId: userId,
          role: enrollmentRole,
          // The teacher who sets the grade (Edlevo's GradeAuthority) is the class's primary teacher.
          primary: enrollmentRole === "teacher" && grader ? true : null,
          beginDate: role.begin ?? null,
          endDate: role.end ?? null,
        });
      }
    }
  }
  return {
    sessions: sessionRecords(calendar, terms.values(), (key) => ids.of("academicSession", key)),
    courses: [...courses.values()],
    classes,
    enrollments,
    removedEnrollments,
  };
}

function enrollmentRoleOf(role: ImsRole): "student" | "teacher" | undefined {
  const kind = roleKind(role.roleType);
  return kind === "student" ? "student" : kind === "teacher" || kind === "mentor" ? "teacher" : undefined;
}

function homeroomCourse(ids: IdMaker, schoolName: string, schoolId: string): Course {
  return { sourcedId: ids.of("course", `homeroom/${schoolId}`), title: `Klass – ${schoolName}`, orgSourcedId: schoolId };
}

/**
 * A teaching group's course: its course code (group extension, or the teachers' activities), shared by every group of
 * the school with that code; subject codes from the activities. Without a code, a course of the group's own.
 */
function teachingCourse(ids: IdMaker, group: ImsGroup, members: ImsMember[], schoolId: string, current: (role: ImsRole) => boolean): Course {
  const activities = members.flatMap((m) => m.roles.filter(current).flatMap((r) => r.activities)).filter((a) => !a.cancelled);
  const subjectCodes = [...new Set(activities.map((a) => a.subjectCode).filter((c) => c !== undefined))].sort();
  const code = group.courseCodes[0] ?? activities.find((a) => a.courseCode)?.courseCode ?? (subjectCodes.length === 1 ? subjectCodes[0] : undefined);
  if (code) return { sourcedId: ids.of("course", `code/${schoolId}/${code}`), title: code, courseCode: code, subjectCodes, orgSourcedId: schoolId };
  return { sourcedId: ids.of("course", `group/${group.id}`), title: group.longName ?? group.name, subjectCodes, orgSourcedId: schoolId };
}
