import type { RowFor } from "../../db/bulk-load.ts";
import { SCHOOL_YEAR, TERMS, birthYear, type TermKey } from "./calendar.ts";
import { DemoGradebook, calendarAndCatalogue, resourceLink } from "./gradebook.ts";
import { cedsGrade, gradeLabel } from "./grades.ts";
import { demoSourcedId } from "./ids.ts";
import { People, type Sex } from "./people.ts";
import { Random } from "./random.ts";
import { planSchools, split, type SchoolPlan } from "./schools.ts";
import { PROGRAMMES, compulsorySubjects, gymnasiumCourses } from "./subjects.ts";

export interface DemoOptions {
  students: number;
  seed: number;
  tenantId: string;
  sourceId: string;
}

const HOMEROOM_SIZE = 25;
const GYMNASIUM_HOMEROOM_SIZE = 30;
const STUDENTS_PER_TEACHER = 9;
const STUDENTS_PER_AIDE = 60;

/** A homeroom (klass) and the scheduled teaching groups its students all attend. */
interface Homeroom {
  name: string;
  gradeIndex: number;
  students: number;
  course: string;
  groups: Array<{ key: string; title: string; course: string; subject: string; subjectCode: string; terms: TermKey[] }>;
}

interface CourseSpec {
  key: string;
  title: string;
  code: string;
  subject: string | null;
  subjectCode: string | null;
  grades: Set<string>;
}

const ALL_TERMS: TermKey[] = TERMS.map((t) => t.key);

function termsFor(runs: "year" | "HT" | "VT"): TermKey[] {
  if (runs === "HT") return ["HT2026"];
  if (runs === "VT") return ["VT2027"];
  return ALL_TERMS;
}

function letters(count: number, upper: boolean): string[] {
  return Array.from({ length: count }, (_, i) => String.fromCharCode((upper ? 65 : 97) + i));
}

/** Homerooms and courses of an F–9 school. */
function compulsoryLayout(plan: SchoolPlan): { homerooms: Homeroom[]; courses: CourseSpec[] } {
  const courses = new Map<string, CourseSpec>();
  const homerooms: Homeroom[] = [];
  split(plan.students, 10).forEach((gradeStudents, gradeIndex) => {
    const grade = cedsGrade(gradeIndex);
    const label = gradeLabel(gradeIndex);
    const homeroomCourse = `grade-${gradeIndex}`;
    courses.set(homeroomCourse, {
      key: homeroomCourse,
      title: gradeIndex === 0 ? "Förskoleklass" : `Årskurs ${gradeIndex}`,
      code: gradeIndex === 0 ? "FK" : `AK${gradeIndex}`,
      subject: null,
      subjectCode: null,
      grades: new Set([grade]),
    });
    const subjects = compulsorySubjects(gradeIndex);
    for (const subject of subjects) {
      courses.set(`${subject.code}-${gradeIndex}`, {
        key: `${subject.code}-${gradeIndex}`,
        title: `${subject.name} åk ${gradeIndex}`,
        code: `${subject.code}${gradeIndex}`,
        subject: subject.name,
        subjectCode: subject.code,
        grades: new Set([grade]),
      });
    }
    const sizes = split(gradeStudents, Math.max(1, Math.round(gradeStudents / HOMEROOM_SIZE)));
    letters(sizes.length, true).forEach((letter, i) => {
      const name = `${label}${letter}`;
      homerooms.push({
        name,
        gradeIndex,
        students: sizes[i]!,
        course: homeroomCourse,
        groups: subjects.map((subject) => ({
          key: `${name}/${subject.code}`,
          title: `${subject.code} ${name}`,
          course: `${subject.code}-${gradeIndex}`,
          subject: subject.name,
          subjectCode: subject.code,
          terms: ALL_TERMS,
        })),
      });
    });
  });
  return { homerooms, courses: [...courses.values()] };
}

/** The subject of a gymnasium course: its title without the level, "Matematik 1c" → "Matematik". */
function subjectOf(courseTitle: string): string {
  return courseTitle.replace(/\s+\S*\d\S*$/, "");
}

/** Homerooms and courses of a gymnasium school with a few national programmes. */
function gymnasiumLayout(plan: SchoolPlan): { homerooms: Homeroom[]; courses: CourseSpec[] } {
  const courses = new Map<string, CourseSpec>();
  const homerooms: Homeroom[] = [];
  const programmeCount = Math.min(PROGRAMMES.length, Math.max(2, Math.round(plan.students / 120)));
  const programmes = Array.from({ length: programmeCount }, (_, i) => PROGRAMMES[(plan.index + i) % PROGRAMMES.length]!);
  const perProgrammeYear = split(plan.students, programmeCount * 3);
  programmes.forEach((programme, p) => {
    const homeroomCourse = `programme-${programme.code}`;
    const programmeCourse: CourseSpec = courses.get(homeroomCourse) ?? {
      key: homeroomCourse,
      title: programme.name,
      code: programme.code,
      subject: null,
      subjectCode: null,
      grades: new Set(),
    };
    courses.set(homeroomCourse, programmeCourse);
    for (let year = 0; year < 3; year++) {
      const grade = cedsGrade(10 + year);
      programmeCourse.grades.add(grade);
      const yearCourses = gymnasiumCourses(programme, year);
      for (const course of yearCourses) {
        const spec = courses.get(course.code) ?? {
          key: course.code,
          title: course.title,
          code: course.code,
          subject: subjectOf(course.title),
          subjectCode: course.subject,
          grades: new Set<string>(),
        };
        spec.grades.add(grade);
        courses.set(course.code, spec);
      }
      const students = perProgrammeYear[p * 3 + year]!;
      const sizes = split(students, Math.max(1, Math.round(students / GYMNASIUM_HOMEROOM_SIZE)));
      letters(sizes.length, false).forEach((letter, i) => {
        const name = `${programme.code}${26 - year}${letter}`;
        homerooms.push({
          name,
          gradeIndex: 10 + year,
          students: sizes[i]!,
          course: homeroomCourse,
          groups: yearCourses.map((course) => ({
            key: `${name}/${course.code}`,
            title: `${course.title} ${name}`,
            course: course.code,
            subject: subjectOf(course.title),
            subjectCode: course.code,
            terms: termsFor(course.terms),
          })),
        });
      });
    }
  });
  return { homerooms, courses: [...courses.values()] };
}

/**
 * A deterministic Swedish school owner (kommun): district, F–9 and gymnasium schools, the school year 2026/27 with
 * HT and VT, courses, homerooms (klasser) and teaching groups, staff, students with CEDS grades, guardians as agents,
 * and enrollments. Streamed school by school, so memory does not grow with the number of students.
 */
export function* generateMunicipality(options: DemoOptions): Generator<RowFor> {
  const { tenantId, sourceId } = options;
  const random = new Random(options.seed);
  const people = new People(options.seed, random);
  const base = (entity: string, key: string) => ({
    tenant_id: tenantId,
    source_id: sourceId,
    sourced_id: demoSourcedId(tenantId, sourceId, entity, key),
  });
  const ref = (entity: string, key: string) => demoSourcedId(tenantId, sourceId, entity, key);

  const district = ref("org", "district");
  yield { table: "orgs", row: { ...base("org", "district"), name: "Exempelby kommun", type: "district", identifier: "212000-0000" } };

  const schoolYear = ref("academicSession", SCHOOL_YEAR.key);
  yield {
    table: "academic_sessions",
    row: {
      ...base("academicSession", SCHOOL_YEAR.key),
      title: SCHOOL_YEAR.title,
      type: "schoolYear",
      start_date: SCHOOL_YEAR.startDate,
      end_date: SCHOOL_YEAR.endDate,
      school_year: SCHOOL_YEAR.schoolYear,
      org_sourced_id: district,
    },
  };
  for (const term of TERMS) {
    yield {
      table: "academic_sessions",
      row: {
        ...base("academicSession", term.key),
        title: term.title,
        type: "term",
        start_date: term.startDate,
        end_date: term.endDate,
        parent_sourced_id: schoolYear,
        school_year: SCHOOL_YEAR.schoolYear,
        org_sourced_id: district,
      },
    };
  }
  yield* calendarAndCatalogue(base, ref);
  const gradebook = new DemoGradebook(options.seed);
  const termDates = new Map(TERMS.map((t) => [t.key as TermKey, t]));
  const datesOf = (terms: TermKey[]) => ({
    begin_date: termDates.get(terms[0]!)!.startDate,
    end_date: termDates.get(terms.at(-1)!)!.endDate,
  });

  for (const plan of planSchools(options.students)) {
    const schoolKey = `${plan.kind}-${plan.index}`;
    const school = ref("org", schoolKey);
    yield {
      table: "orgs",
      row: { ...base("org", schoolKey), name: plan.name, type: "school", identifier: plan.schoolUnitCode, parent_sourced_id: district },
    };
    const person = (key: string, role: Parameters<People["user"]>[1], given: string, family: string) =>
      people.user({ ...base("user", `${schoolKey}/${key}`), primary_org_sourced_id: school }, role, given, family);
    const membership = (userKey: string): RowFor => ({
      table: "user_orgs",
      row: { tenant_id: tenantId, user_sourced_id: ref("user", `${schoolKey}/${userKey}`), org_sourced_id: school },
    });

    // Staff: one principal, teachers, aides.
    const staff: Array<{ key: string; role: "administrator" | "teacher" | "aide" }> = [
      { key: "principal", role: "administrator" },
      // A school without students still has a teacher: its (empty) classes each name one.
      ...Array.from({ length: Math.max(1, Math.ceil(plan.students / STUDENTS_PER_TEACHER)) }, (_, i) => ({ key: `teacher-${i}`, role: "teacher" as const })),
      ...Array.from({ length: Math.ceil(plan.students / STUDENTS_PER_AIDE) }, (_, i) => ({ key: `aide-${i}`, role: "aide" as const })),
    ];
    const teachers: string[] = [];
    for (const member of staff) {
      const sex = people.sex();
      yield { table: "users", row: person(member.key, member.role, people.givenName(sex), people.familyName()) };
      yield membership(member.key);
      if (member.role === "teacher") teachers.push(member.key);
    }
    let nextTeacher = 0;
    const takeTeacher = () => teachers[nextTeacher++ % teachers.length]!;

    const layout = plan.kind === "compulsory" ? compulsoryLayout(plan) : gymnasiumLayout(plan);
    for (const course of layout.courses) {
      yield {
        table: "courses",
        row: {
          ...base("course", `${schoolKey}/${course.key}`),
          title: course.title,
          course_code: course.code,
          school_year_sourced_id: schoolYear,
          org_sourced_id: school,
          grades: [...course.grades].sort(),
          subjects: course.subject ? [course.subject] : [],
          subject_codes: course.subjectCode ? [course.subjectCode] : [],
        },
      };
      yield* resourceLink(base, ref, "course_resources", `${schoolKey}/${course.key}`, course.subjectCode);
    }

    let studentNumber = 0;
    let family: { guardians: Array<{ key: string; agents: number }>; familyName: string } | undefined;
    for (const homeroom of layout.homerooms) {
      const grade = cedsGrade(homeroom.gradeIndex);
      const homeroomKey = `${schoolKey}/${homeroom.name}`;
      const classes = [
        { key: homeroomKey, title: homeroom.name, code: homeroom.name, type: "homeroom" as const, course: homeroom.course, subjects: [] as string[], subjectCodes: [] as string[], terms: ALL_TERMS },
        ...homeroom.groups.map((g) => ({
          key: `${schoolKey}/${g.key}`,
          title: g.title,
          code: g.key.replace("/", "-"),
          type: "scheduled" as const,
          course: g.course,
          subjects: [g.subject],
          subjectCodes: [g.subjectCode],
          terms: g.terms,
        })),
      ];
      const classIds = classes.map((cls) => ref("class", cls.key));
      for (const [c, cls] of classes.entries()) {
        const classId = classIds[c]!;
        yield {
          table: "classes",
          row: {
            ...base("class", cls.key),
            title: cls.title,
            class_code: cls.code,
            class_type: cls.type,
            location: cls.type === "scheduled" && random.chance(0.6) ? `Sal ${random.int(101, 349)}` : null,
            grades: [grade],
            subjects: cls.subjects,
            subject_codes: cls.subjectCodes,
            course_sourced_id: ref("course", `${schoolKey}/${cls.course}`),
            school_sourced_id: school,
          },
        };
        if (cls.type === "scheduled") yield* resourceLink(base, ref, "class_resources", cls.key, cls.subjectCodes[0]);
        for (const [ordinal, term] of cls.terms.entries()) {
          yield { table: "class_terms", row: { tenant_id: tenantId, class_sourced_id: classId, term_sourced_id: ref("academicSession", term), ordinal } };
        }
        // The mentor of a homeroom and the primary teacher of a group; some groups have a second teacher.
        const classTeachers = [takeTeacher()];
        if (cls.type === "scheduled" && teachers.length > 1 && random.chance(0.12)) classTeachers.push(takeTeacher());
        for (const [i, teacher] of classTeachers.entries()) {
          yield {
            table: "enrollments",
            row: {
              ...base("enrollment", `${cls.key}/${teacher}`),
              class_sourced_id: classId,
              school_sourced_id: school,
              user_sourced_id: ref("user", `${schoolKey}/${teacher}`),
              role: "teacher",
              primary: i === 0,
              ...datesOf(cls.terms),
            },
          };
        }
      }

      const homeroomStudents: string[] = [];
      for (let s = 0; s < homeroom.students; s++) {
        const studentKey = `student-${studentNumber++}`;
        const studentId = ref("user", `${schoolKey}/${studentKey}`);
        homeroomStudents.push(studentId);
        // Siblings: now and then the next child belongs to the family of the previous one.
        if (!family || !random.chance(0.15)) {
          const familyName = people.familyName();
          const count = random.chance(0.7) ? 2 : 1;
          family = { familyName, guardians: [] };
          for (let g = 0; g < count; g++) {
            const key = `guardian-${studentKey}-${g}`;
            const sex: Sex = g === 0 ? "female" : "male";
            const guardianFamily = g === 1 && random.chance(0.3) ? people.familyName() : familyName;
            yield { table: "users", row: person(key, "guardian", people.givenName(sex), guardianFamily) };
            yield membership(key);
            family.guardians.push({ key, agents: 0 });
          }
        }
        const sex = people.sex();
        yield {
          table: "users",
          row: { ...person(studentKey, "student", people.givenName(sex), family.familyName), grades: [grade] },
        };
        yield membership(studentKey);
        const month = random.int(1, 12);
        yield {
          table: "demographics",
          row: {
            ...base("user", `${schoolKey}/${studentKey}`),
            birth_date: `${birthYear(homeroom.gradeIndex)}-${String(month).padStart(2, "0")}-${String(random.int(1, 28)).padStart(2, "0")}`,
            sex,
          },
        };
        for (const [ordinal, guardian] of family.guardians.entries()) {
          const guardianId = ref("user", `${schoolKey}/${guardian.key}`);
          yield { table: "user_agents", row: { tenant_id: tenantId, user_sourced_id: studentId, agent_sourced_id: guardianId, ordinal } };
          yield { table: "user_agents", row: { tenant_id: tenantId, user_sourced_id: guardianId, agent_sourced_id: studentId, ordinal: guardian.agents++ } };
        }
        for (const [c, cls] of classes.entries()) {
          yield {
            table: "enrollments",
            row: {
              ...base("enrollment", `${cls.key}/${studentKey}`),
              class_sourced_id: classIds[c]!,
              school_sourced_id: school,
              user_sourced_id: studentId,
              role: "student",
              primary: null,
              ...datesOf(cls.terms),
            },
          };
        }
      }
      for (const cls of classes) {
        if (cls.type !== "scheduled") continue;
        const term = cls.terms[0]!;
        yield* gradebook.assignments(base, ref, cls.key, term, termDates.get(term)!.startDate, homeroomStudents);
      }
    }
  }
}
