import { derivedSourcedId } from "../../src/model/derived-id.ts";
import type { AcademicSession, Class, Course, Enrollment } from "../../src/model/canonical.ts";
import { Calendar, sessionRecords, termKey, type Term } from "./calendar.ts";
import { syllabusGrades } from "./grades.ts";
import type { PeopleBuilder } from "./people.ts";
import { isCurrent, membersOf, type CompactActivity, type CompactGroup, type SourceData } from "./source-data.ts";

export interface ClassCounts {
  /** Groups and activities at an organisation that is not imported. */
  unknownOrganisation: number;
  /** Teaching groups (Undervisning) that no activity uses: they become classes only through an activity. */
  teachingGroupsWithoutActivity: number;
  /** Memberships and teacher assignments of persons who are not users (protected, inactive, not in scope). */
  membershipsOfNonUsers: number;
}

export interface ClassContext {
  tenantId: string;
  sourceId: string;
  today: string;
  calendar: Calendar;
  /** Imported organisations: id → name. */
  orgNames: ReadonlyMap<string, string>;
  /** The Huvudman's org, owner of the syllabus courses; absent: each course belongs to its school. */
  districtId: string | undefined;
  homeroomGroupTypes: readonly string[];
}

type Span = { startDate?: string | undefined; endDate?: string | undefined };

interface PlannedClass {
  record: Class;
  /** Where its enrollments come from. */
  group?: CompactGroup;
  activity?: CompactActivity;
}

/**
 * Classes from groups and activities: each group of a homeroom type (Klass) is a homeroom class with its mentors as
 * teachers; each activity is a scheduled class with the members of its groups and its teachers, its course from its
 * syllabus. Terms are the calendar's terms the dates overlap.
 */
export class ClassBuilder {
  readonly counts: ClassCounts = { unknownOrganisation: 0, teachingGroupsWithoutActivity: 0, membershipsOfNonUsers: 0 };
  readonly classes: PlannedClass[] = [];
  readonly #courses = new Map<string, Course>();
  readonly #terms = new Map<string, Term>();
  /** Term key → the term's sourcedId: derived once, one string for every class of the term. */
  readonly #termIdOfKey = new Map<string, string>();

  constructor(
    readonly data: SourceData,
    readonly people: PeopleBuilder,
    readonly context: ClassContext,
  ) {
    const usedGroups = new Set<string>();
    for (const activity of data.activities.values()) {
      for (const id of activity.groupIds) usedGroups.add(id);
      this.#addActivity(activity);
    }
    for (const group of data.groups.values()) {
      if (group.groupType !== undefined && context.homeroomGroupTypes.includes(group.groupType)) this.#addHomeroom(group);
      else if (group.groupType === "Undervisning" && !usedGroups.has(group.id)) this.counts.teachingGroupsWithoutActivity++;
    }
  }

  #id(entity: string, key: string): string {
    return derivedSourcedId(this.context.tenantId, this.context.sourceId, entity, key);
  }

  #termIds(startDate: string | undefined, endDate: string | undefined): string[] {
    const start = startDate ?? this.context.today;
    const end = endDate ?? (start > this.context.today ? start : this.context.today);
    return this.context.calendar.termsOverlapping(start, end).map((term) => {
      const key = termKey(term);
      let id = this.#termIdOfKey.get(key);
      if (id === undefined) {
        this.#terms.set(key, term);
        this.#termIdOfKey.set(key, (id = this.#id("academicSession", key)));
      }
      return id;
    });
  }

  #addHomeroom(group: CompactGroup): void {
    const schoolName = this.context.orgNames.get(group.orgId);
    if (schoolName === undefined) {
      this.counts.unknownOrganisation++;
      return;
    }
    const courseId = this.#id("course", `homeroom/${group.orgId}`);
    if (!this.#courses.has(courseId)) {
      this.#courses.set(courseId, { sourcedId: courseId, title: `Klass – ${schoolName}`, orgSourcedId: group.orgId });
    }
    const grades = new Set<string>();
    for (const personId of group.members.personIds) for (const grade of this.people.gradesOfStudent(personId) ?? []) grades.add(grade);
    this.classes.push({
      group,
      record: {
        sourcedId: group.id,
        title: group.name,
        classCode: group.name,
        classType: "homeroom",
        courseSourcedId: courseId,
        schoolSourcedId: group.orgId,
        termSourcedIds: this.#termIds(group.startDate, group.endDate),
        grades: [...grades].sort(),
      },
    });
  }

  #addActivity(activity: CompactActivity): void {
    if (!this.context.orgNames.has(activity.orgId)) {
      this.counts.unknownOrganisation++;
      return;
    }
    const termSourcedIds = this.#termIds(activity.startDate, activity.endDate);
    const syllabus = activity.syllabusId ? this.data.syllabuses.get(activity.syllabusId) : undefined;
    let course: Course;
    if (syllabus) {
      const owner = this.context.districtId ?? activity.orgId;
      const sourcedId = this.context.districtId ? syllabus.id : this.#id("course", `syllabus/${syllabus.id}/${activity.orgId}`);
      course = {
        sourcedId,
        title: syllabus.courseName ?? syllabus.subjectName ?? syllabus.subjectCode ?? activity.name,
        courseCode: syllabus.courseCode ?? syllabus.subjectCode ?? null,
        grades: syllabusGrades(syllabus.schoolType, syllabus.startSchoolYear, syllabus.endSchoolYear),
        subjects: syllabus.subjectName ? [syllabus.subjectName] : [],
        subjectCodes: syllabus.subjectCode ? [syllabus.subjectCode] : [],
        orgSourcedId: owner,
      };
    } else {
      course = { sourcedId: this.#id("course", `activity/${activity.id}`), title: activity.name, orgSourcedId: activity.orgId };
    }
    if (!this.#courses.has(course.sourcedId)) this.#courses.set(course.sourcedId, course);
    const groupNames = activity.groupIds.map((id) => this.data.groups.get(id)?.name).filter((n) => n !== undefined);
    this.classes.push({
      activity,
      record: {
        sourcedId: activity.id,
        title: activity.name,
        classCode: groupNames.length > 0 ? groupNames.join(", ") : null,
        classType: "scheduled",
        courseSourcedId: course.sourcedId,
        schoolSourcedId: activity.orgId,
        termSourcedIds,
        grades: course.grades ?? [],
        subjects: course.subjects ?? [],
        subjectCodes: course.subjectCodes ?? [],
      },
    });
  }

  sessions(): AcademicSession[] {
    return sessionRecords(this.context.calendar, this.#terms.values(), (key) => this.#id("academicSession", key));
  }

  courses(): Course[] {
    return [...this.#courses.values()];
  }

  *classRecords(): Generator<Class> {
    for (const planned of this.classes) yield planned.record;
  }

  /** Enrollments of current memberships and assignments of users, one per class, user and role. */
  *enrollments(): Generator<Enrollment> {
    for (const { record, group, activity } of this.classes) {
      const made = new Set<string>();
      const groups = group ? [group] : (activity?.groupIds ?? []).map((id) => this.data.groups.get(id)).filter((g) => g !== undefined);
      for (const g of groups) {
        for (const [personId, terms] of membersOf(g)) {
          if (this.#admits(personId, terms.marked, terms) && !this.people.isStaff(personId)) {
            yield* this.#enrollment(made, record, personId, "student", terms, null);
          }
        }
      }
      for (const teacher of activity?.teachers ?? []) {
        const duty = this.data.duties.get(teacher.dutyId);
        if (duty && this.#admits(duty.personId, duty.marked, teacher)) yield* this.#enrollment(made, record, duty.personId, "teacher", teacher, teacher.grader);
      }
      for (const mentor of group ? this.#mentorsOf(group.id) : []) {
        if (this.#admits(mentor.personId, mentor.marked, mentor.span)) yield* this.#enrollment(made, record, mentor.personId, "teacher", mentor.span, false);
      }
    }
  }

  /** A current membership or assignment of a user; anyone else's is counted and left out. */
  #admits(personId: string, marked: boolean, span: Span): boolean {
    if (!isCurrent(span, this.context.today)) return false;
    if (marked || !this.people.admits(personId)) {
      this.counts.membershipsOfNonUsers++;
      return false;
    }
    return true;
  }

  *#enrollment(made: Set<string>, record: Class, userId: string, role: "student" | "teacher", span: Span, primary: boolean | null): Generator<Enrollment> {
    const key = `${userId}/${role}`;
    if (made.has(key)) return;
    made.add(key);
    yield {
      sourcedId: this.#id("enrollment", `${record.sourcedId}/${key}`),
      classSourcedId: record.sourcedId,
      schoolSourcedId: record.schoolSourcedId,
      userSourcedId: userId,
      role,
      primary,
      beginDate: span.startDate ?? null,
      endDate: span.endDate ?? null,
    };
  }

  #mentors: Map<string, Array<{ personId: string; marked: boolean; span: Span }>> | undefined;

  #mentorsOf(groupId: string) {
    if (!this.#mentors) {
      this.#mentors = new Map();
      for (const duty of this.data.duties.values()) {
        for (const role of duty.mentorOf) {
          const list = this.#mentors.get(role.groupId) ?? [];
          list.push({ personId: duty.personId, marked: duty.marked, span: { startDate: role.startDate, endDate: role.endDate } });
          this.#mentors.set(role.groupId, list);
        }
      }
    }
    return this.#mentors.get(groupId) ?? [];
  }

  /** The classes whose enrollments this builder brings in full (every class it built). */
  classIds(): string[] {
    return this.classes.map((c) => c.record.sourcedId);
  }
}
