import { sql } from "kysely";
import { oneLine, withoutPersonnummer } from "../../file-set/cells.ts";
import { skip, type FileSpec, type RenderNotes } from "../../file-set/file-spec.ts";
import { personnummerOf, whyNoUpn } from "../../file-set/people.ts";
import { scopeCtes, STAFF_ROLES, type FileSetScope } from "../../file-set/scope.ts";
import { sdsGrade } from "../values.ts";

/** SDS v1's Status value of an exported (so active) record. */
const ACTIVE = "Active";

export interface V1Options {
  includePersonnummer: boolean;
  includeDemographics: boolean;
}

/** School.csv: the exported schools; School Number is the school's identifier (skolenhetskod). */
export function schoolFile(scope: FileSetScope): FileSpec {
  return {
    name: "School.csv",
    entity: "orgs",
    header: ["SIS ID", "Name", "School Number"],
    query: (db) =>
      sql<any>`${scopeCtes(scope, { requireUpn: true })}
        select s.sourced_id, s.name, s.identifier from x_schools s order by s.sourced_id collate "C"`.compile(db),
    render: (row, notes) => [row.sourced_id, oneLine(row.name), withoutPersonnummer(row.identifier, "School.csv School Number", notes)],
  };
}

/** Section.csv: a class with its first active term and its course; a class without a teacher is exported and reported. */
export function sectionFile(scope: FileSetScope): FileSpec {
  return {
    name: "Section.csv",
    entity: "classes",
    header: [
      "SIS ID", "School SIS ID", "Section Name", "Section Number", "Term SIS ID", "Term Name", "Term StartDate", "Term EndDate",
      "Course SIS ID", "Course Name", "Course Number", "Status",
    ],
    query: (db) =>
      sql<any>`${scopeCtes(scope, { requireUpn: true })}
        select c.sourced_id, c.school_sourced_id, c.title, c.class_code, t.sourced_id as term_id, t.title as term_title,
          to_char(t.start_date, 'YYYY-MM-DD') as term_start, to_char(t.end_date, 'YYYY-MM-DD') as term_end,
          co.sourced_id as course_id, co.title as course_title, co.course_code,
          (taught.class_sourced_id is not null) as has_teacher
        from x_classes c
        join x_courses co on co.sourced_id = c.course_sourced_id
        left join (select distinct e.class_sourced_id from x_enrollments e where e.role = 'teacher') taught on taught.class_sourced_id = c.sourced_id
        left join lateral (
          select s.sourced_id, s.title, s.start_date, s.end_date from class_terms ct
          join academic_sessions s on s.tenant_id = ct.tenant_id and s.sourced_id = ct.term_sourced_id and s.status = 'active'
          where ct.tenant_id = ${scope.tenantId} and ct.class_sourced_id = c.sourced_id
          order by ct.ordinal, ct.term_sourced_id collate "C" limit 1
        ) t on true
        order by c.sourced_id collate "C"`.compile(db),
    render: (row, notes) => {
      if (!row.has_teacher) notes.warn({ entity: "classes", sourcedId: row.sourced_id, why: "class has no teacher with a UPN; exported without one" });
      return [
        row.sourced_id, row.school_sourced_id, oneLine(row.title), oneLine(row.class_code), row.term_id ?? "", oneLine(row.term_title),
        row.term_start ?? "", row.term_end ?? "", row.course_id, oneLine(row.course_title), oneLine(row.course_code), ACTIVE,
      ];
    },
  };
}

/** Student.csv / Teacher.csv rows: a person once per exported school they belong to (how SDS v1 puts one person at several schools). */
function personQuery(scope: FileSetScope, roles: "student" | "staff", options: V1Options) {
  const roleCondition = roles === "student" ? sql`u.role = 'student'` : sql`u.role in (${sql.join(STAFF_ROLES.map((r) => sql.lit(r)))})`;
  return sql<any>`${scopeCtes(scope, { requireUpn: true })}
    select u.sourced_id, u.username, u.upn, u.given_name, u.family_name, u.middle_name, u.identifier, u.grades[1] as grade, s.org_sourced_id as school
      ${options.includePersonnummer ? sql`, (select json_agg(json_build_object('type', i.type, 'identifier', i.identifier) order by i.ordinal) from user_ids i where i.tenant_id = ${scope.tenantId} and i.user_sourced_id = u.sourced_id) as user_ids` : sql``}
      ${options.includeDemographics ? sql`, (select to_char(d.birth_date, 'YYYY-MM-DD') from demographics d where d.tenant_id = ${scope.tenantId} and d.sourced_id = u.sourced_id and d.status = 'active') as birth_date` : sql``}
    from x_users u
    left join (
      select uo.user_sourced_id, uo.org_sourced_id, uo.ordinal from user_orgs uo join x_schools xs on xs.sourced_id = uo.org_sourced_id
      where uo.tenant_id = ${scope.tenantId}
    ) s on s.user_sourced_id = u.sourced_id
    where ${roleCondition}
    order by u.sourced_id collate "C", s.ordinal, s.org_sourced_id collate "C"`;
}

function personCells(row: any, notes: RenderNotes, file: string, options: V1Options): string[] | ReturnType<typeof skip> {
  if (row.upn === null) return skip(whyNoUpn(row.username));
  if (row.school === null) return skip("not at any exported school");
  return [
    row.sourced_id, row.school, oneLine(row.given_name), oneLine(row.family_name), row.upn,
    ...(options.includePersonnummer ? [personnummerOf(row.user_ids)] : []),
    withoutPersonnummer(row.identifier, `${file} ${file === "Student.csv" ? "Student" : "Teacher"} Number`, notes),
  ];
}

/** Student.csv; State ID (the personnummer) only when the setup allows it, Birthdate only with demographics. */
export function studentFile(scope: FileSetScope, options: V1Options): FileSpec {
  return {
    name: "Student.csv",
    entity: "users",
    header: [
      "SIS ID", "School SIS ID", "First Name", "Last Name", "Username", ...(options.includePersonnummer ? ["State ID"] : []),
      "Student Number", "Middle Name", "Grade", "Status", ...(options.includeDemographics ? ["Birthdate"] : []),
    ],
    query: (db) => personQuery(scope, "student", options).compile(db),
    render: (row, notes) => {
      const cells = personCells(row, notes, "Student.csv", options);
      if (!Array.isArray(cells)) return cells;
      const grade = row.grade ? sdsGrade(row.grade) : "";
      if (grade === undefined) notes.warn({ entity: "users", sourcedId: row.sourced_id, why: `grade "${row.grade}" has no SDS value; left blank` });
      return [...cells, oneLine(row.middle_name), grade ?? "", ACTIVE, ...(options.includeDemographics ? [row.birth_date ?? ""] : [])];
    },
  };
}

/** Teacher.csv: the staff (teachers, administrators, aides, proctors); State ID only when the setup allows it. */
export function teacherFile(scope: FileSetScope, options: V1Options): FileSpec {
  return {
    name: "Teacher.csv",
    entity: "users",
    header: ["SIS ID", "School SIS ID", "First Name", "Last Name", "Username", ...(options.includePersonnummer ? ["State ID"] : []), "Teacher Number", "Status", "Middle Name"],
    query: (db) => personQuery(scope, "staff", options).compile(db),
    render: (row, notes) => {
      const cells = personCells(row, notes, "Teacher.csv", options);
      if (!Array.isArray(cells)) return cells;
      return [...cells, ACTIVE, oneLine(row.middle_name)];
    },
  };
}

function rosterFile(scope: FileSetScope, name: string, enrollmentRole: "student" | "teacher"): FileSpec {
  const userRoles = enrollmentRole === "student" ? sql`e.user_role = 'student'` : sql`e.user_role in (${sql.join(STAFF_ROLES.map((r) => sql.lit(r)))})`;
  return {
    name,
    entity: "enrollments",
    header: ["Section SIS ID", "SIS ID"],
    query: (db) =>
      sql<any>`${scopeCtes(scope, { requireUpn: true })}
        select distinct e.class_sourced_id collate "C" as class_sourced_id, e.user_sourced_id collate "C" as user_sourced_id
        from x_enrollments e where e.role = ${enrollmentRole} and ${userRoles}
        order by 1, 2`.compile(db),
    keyOf: (row) => `${row.class_sourced_id}/${row.user_sourced_id}`,
    render: (row) => [row.class_sourced_id, row.user_sourced_id],
  };
}

/** StudentEnrollment.csv: students' enrollments (as students) in exported sections. */
export const studentEnrollmentFile = (scope: FileSetScope) => rosterFile(scope, "StudentEnrollment.csv", "student");
/** TeacherRoster.csv: staff's enrollments as teachers in exported sections. */
export const teacherRosterFile = (scope: FileSetScope) => rosterFile(scope, "TeacherRoster.csv", "teacher");
