import { sql } from "kysely";
import { oneLine, withoutPersonnummer } from "../file-set/cells.ts";
import { skip, type FileSpec, type RenderNotes } from "../file-set/file-spec.ts";
import { personnummerOf } from "../file-set/people.ts";
import { scopeCtes, STAFF_ROLES, type FileSetScope } from "../file-set/scope.ts";
import { asmId } from "./ids.ts";
import { numberedColumns, type AsmShape } from "./shape.ts";

const staffRoles = sql.join(STAFF_ROLES.map((r) => sql.lit(r)));

export interface AsmPeopleOptions {
  includePersonnummer: boolean;
  studentPasswordPolicy?: 4 | 6 | 8;
}

/** locations.csv: the exported schools. */
export function locationsFile(scope: FileSetScope): FileSpec {
  return {
    name: "locations.csv",
    entity: "orgs",
    header: ["location_id", "location_name"],
    query: (db) => sql<any>`${scopeCtes(scope, { requireUpn: false })}
      select s.sourced_id, s.name from x_schools s order by s.sourced_id collate "C"`.compile(db),
    render: (row) => [asmId(row.sourced_id), oneLine(row.name)],
  };
}

function peopleQuery(scope: FileSetScope, students: boolean, options: AsmPeopleOptions) {
  return (db: Parameters<FileSpec["query"]>[0]) => sql<any>`${scopeCtes(scope, { requireUpn: false })}
    select u.sourced_id, u.username, u.given_name, u.middle_name, u.family_name, u.identifier, u.email, u.grades[1] as grade,
      coalesce(l.locations, '[]'::json) as locations
      ${options.includePersonnummer ? sql`, (select json_agg(json_build_object('type', i.type, 'identifier', i.identifier) order by i.ordinal) from user_ids i where i.tenant_id = ${scope.tenantId} and i.user_sourced_id = u.sourced_id) as user_ids` : sql``}
    from x_users u
    -- everyone's schools in one pass: the primary first, then in the register's order
    left join (
      select uo.user_sourced_id, json_agg(uo.org_sourced_id order by coalesce(uo.org_sourced_id = pu.primary_org_sourced_id, false) desc, uo.ordinal, uo.org_sourced_id collate "C") as locations
      from user_orgs uo
      join x_schools xs on xs.sourced_id = uo.org_sourced_id
      join users pu on pu.tenant_id = uo.tenant_id and pu.sourced_id = uo.user_sourced_id
      where uo.tenant_id = ${scope.tenantId}
      group by uo.user_sourced_id
    ) l on l.user_sourced_id = u.sourced_id
    where ${students ? sql`u.role = 'student'` : sql`u.role in (${staffRoles})`}
    order by u.sourced_id collate "C"`.compile(db);
}

/** person_id … sis_username of a person, or why they are left out; then their locations, padded to the header's width. */
function personCells(row: any, notes: RenderNotes, file: string, options: AsmPeopleOptions) {
  const personNumber = (options.includePersonnummer && personnummerOf(row.user_ids)) || withoutPersonnummer(row.identifier, `${file} person_number`, notes);
  return {
    id: [asmId(row.sourced_id), personNumber, oneLine(row.given_name), oneLine(row.middle_name), oneLine(row.family_name)],
    contact: [withoutPersonnummer(row.email?.toLowerCase() ?? null, `${file} email_address`, notes), withoutPersonnummer(row.username, `${file} sis_username`, notes)],
  };
}

function locationCells(row: any, width: number, notes: RenderNotes): string[] | null {
  const locations: string[] = row.locations;
  if (locations.length === 0) return null;
  if (locations.length > width) notes.warn({ entity: "users", sourcedId: row.sourced_id, why: `at ${locations.length} schools; the first ${width} exported` });
  return Array.from({ length: width }, (_, i) => (locations[i] !== undefined ? asmId(locations[i]) : ""));
}

/** students.csv: location_id is the primary (else first) school, location_id_2 … the others. */
export function studentsFile(scope: FileSetScope, shape: AsmShape, options: AsmPeopleOptions): FileSpec {
  return {
    name: "students.csv",
    entity: "users",
    header: [
      "person_id", "person_number", "first_name", "middle_name", "last_name", "grade_level", "email_address", "sis_username", "password_policy",
      ...numberedColumns("location_id", shape.studentLocations),
    ],
    query: peopleQuery(scope, true, options),
    render: (row, notes) => {
      const locations = locationCells(row, shape.studentLocations, notes);
      if (locations === null) return skip("not at any exported school (location_id is required)");
      const { id, contact } = personCells(row, notes, "students.csv", options);
      return [...id, oneLine(row.grade), ...contact, options.studentPasswordPolicy ? String(options.studentPasswordPolicy) : "", ...locations];
    },
  };
}

/** staff.csv: teachers, administrators, aides and proctors at an exported school. */
export function staffFile(scope: FileSetScope, shape: AsmShape, options: AsmPeopleOptions): FileSpec {
  return {
    name: "staff.csv",
    entity: "users",
    header: ["person_id", "person_number", "first_name", "middle_name", "last_name", "email_address", "sis_username", ...numberedColumns("location_id", shape.staffLocations)],
    query: peopleQuery(scope, false, options),
    render: (row, notes) => {
      const locations = locationCells(row, shape.staffLocations, notes);
      if (locations === null) return skip("not at any exported school (location_id is required)");
      const { id, contact } = personCells(row, notes, "staff.csv", options);
      return [...id, ...contact, ...locations];
    },
  };
}

/** courses.csv: location_id is the course's school, or (for a course of the district) the school of its classes. */
export function coursesFile(scope: FileSetScope): FileSpec {
  return {
    name: "courses.csv",
    entity: "courses",
    header: ["course_id", "course_number", "course_name", "location_id"],
    query: (db) => sql<any>`${scopeCtes(scope, { requireUpn: false })}
      select c.sourced_id, c.course_code, c.title,
        coalesce((select xs.sourced_id from x_schools xs where xs.sourced_id = c.org_sourced_id),
          (select min(xc.school_sourced_id collate "C") from x_classes xc where xc.course_sourced_id = c.sourced_id)) as location
      from x_courses c order by c.sourced_id collate "C"`.compile(db),
    render: (row) => {
      if (row.location === null) return skip("neither the course nor any of its classes is at an exported school");
      return [asmId(row.sourced_id), oneLine(row.course_code), oneLine(row.title), asmId(row.location)];
    },
  };
}

/**
 * classes.csv: its teachers (primary first) as instructor_id … instructor_id_N (at most 15); a class without a teacher
 * is exported with them blank and reported.
 */
export function classesFile(scope: FileSetScope, shape: AsmShape): FileSpec {
  return {
    name: "classes.csv",
    entity: "classes",
    header: ["class_id", "class_number", "course_id", ...numberedColumns("instructor_id", shape.instructors), "location_id", "class_display_name"],
    query: (db) => sql<any>`${scopeCtes(scope, { requireUpn: false })}
      select c.sourced_id, c.class_code, c.title, c.course_sourced_id, c.school_sourced_id, coalesce(t.instructors, '[]'::json) as instructors
      from x_classes c
      -- all classes' teachers in one pass (a subquery per class would scan the exported users once per class)
      left join (
        select g.class_sourced_id, json_agg(g.user_sourced_id order by g.is_primary desc, g.user_sourced_id collate "C") as instructors
        from (select e.class_sourced_id, e.user_sourced_id, bool_or(coalesce(e."primary", false)) as is_primary from x_enrollments e
          where e.role = 'teacher' and e.user_role in (${staffRoles}) group by e.class_sourced_id, e.user_sourced_id) g
        group by g.class_sourced_id
      ) t on t.class_sourced_id = c.sourced_id
      order by c.sourced_id collate "C"`.compile(db),
    render: (row, notes) => {
      const instructors: string[] = row.instructors;
      if (instructors.length === 0) notes.warn({ entity: "classes", sourcedId: row.sourced_id, why: "class has no teacher; exported without an instructor" });
      if (instructors.length > shape.instructors) {
        notes.warn({ entity: "classes", sourcedId: row.sourced_id, why: `${instructors.length} teachers; ASM takes ${shape.instructors}, the first ${shape.instructors} (primary first) exported` });
      }
      const instructorCells = Array.from({ length: shape.instructors }, (_, i) => (instructors[i] !== undefined ? asmId(instructors[i]) : ""));
      return [asmId(row.sourced_id), oneLine(row.class_code), asmId(row.course_sourced_id), ...instructorCells, asmId(row.school_sourced_id), oneLine(row.title)];
    },
  };
}

/** rosters.csv: students' enrollments as students in exported classes, one row per class and student. */
export function rostersFile(scope: FileSetScope): FileSpec {
  return {
    name: "rosters.csv",
    entity: "enrollments",
    header: ["roster_id", "class_id", "student_id"],
    query: (db) => sql<any>`${scopeCtes(scope, { requireUpn: false })}
      select distinct on (e.class_sourced_id collate "C", e.user_sourced_id collate "C") e.sourced_id, e.class_sourced_id, e.user_sourced_id
      from x_enrollments e where e.role = 'student' and e.user_role = 'student'
      order by e.class_sourced_id collate "C", e.user_sourced_id collate "C", e.sourced_id collate "C"`.compile(db),
    render: (row) => [asmId(row.sourced_id), asmId(row.class_sourced_id), asmId(row.user_sourced_id)],
  };
}
