import { sql } from "kysely";
import { oneLine } from "../../file-set/cells.ts";
import { skip, type FileSpec } from "../../file-set/file-spec.ts";
import { scopeCtes, type FileSetScope } from "../../file-set/scope.ts";
import { mapValue, SDS_ENROLLMENT_ROLE, SDS_ORG_TYPE, SDS_SESSION_TYPE, sdsGrade } from "../values.ts";

/** SDS v2.1 orgs.csv: the exported orgs; a parent only when it is exported too. */
export function orgsFile(scope: FileSetScope): FileSpec<{ sourced_id: string; name: string; type: string; parent: string | null }> {
  return {
    name: "orgs.csv",
    entity: "orgs",
    header: ["sourcedId", "name", "type", "parentSourcedId"],
    query: (db) =>
      sql<any>`${scopeCtes(scope, { requireUpn: true })}
        select o.sourced_id, o.name, o.type,
          case when o.parent_sourced_id in (select sourced_id from x_orgs) then o.parent_sourced_id end as parent
        from x_orgs o order by o.sourced_id collate "C"`.compile(db),
    render: (row) => {
      const type = mapValue(SDS_ORG_TYPE, row.type);
      if (type === undefined) return skip(`org type "${row.type}" has no SDS value`);
      return [row.sourced_id, oneLine(row.name), type, row.parent ?? ""];
    },
  };
}

/** SDS v2.1 academicSessions.csv: every active session of the tenant (sessions belong to no school). */
export function academicSessionsFile(scope: FileSetScope): FileSpec {
  return {
    name: "academicSessions.csv",
    entity: "academicSessions",
    header: ["sourcedId", "title", "type", "schoolYear", "startDate", "endDate"],
    query: (db) =>
      sql<any>`select s.sourced_id, s.title, s.type, s.school_year,
          to_char(s.start_date, 'YYYY-MM-DD') as start_date, to_char(s.end_date, 'YYYY-MM-DD') as end_date
        from academic_sessions s where s.tenant_id = ${scope.tenantId} and s.status = 'active'
        order by s.sourced_id collate "C"`.compile(db),
    render: (row) => {
      const type = mapValue(SDS_SESSION_TYPE, row.type);
      if (type === undefined) return skip(`session type "${row.type}" has no SDS value`);
      return [row.sourced_id, oneLine(row.title), type, row.school_year, row.start_date, row.end_date];
    },
  };
}

/** SDS v2.1 courses.csv. code is required: the course code, else the sourcedId. subject is left blank (SDS's subject codes are not the registers'). */
export function coursesFile(scope: FileSetScope): FileSpec {
  return {
    name: "courses.csv",
    entity: "courses",
    header: ["sourcedId", "orgSourcedId", "title", "code", "schoolYearSourcedId", "subject", "grade"],
    query: (db) =>
      sql<any>`${scopeCtes(scope, { requireUpn: true })}
        select c.sourced_id, c.org_sourced_id, c.title, c.course_code, c.grades[1] as grade,
          (select y.sourced_id from academic_sessions y where y.tenant_id = ${scope.tenantId} and y.sourced_id = c.school_year_sourced_id and y.status = 'active') as school_year
        from x_courses c order by c.sourced_id collate "C"`.compile(db),
    render: (row, notes) => {
      const grade = sdsGrade(row.grade);
      if (row.grade && grade === undefined) notes.warn({ entity: "courses", sourcedId: row.sourced_id, why: `grade "${row.grade}" has no SDS value; left blank` });
      const code = row.course_code && row.course_code.trim() !== "" ? row.course_code : row.sourced_id;
      return [row.sourced_id, row.org_sourced_id, oneLine(row.title), oneLine(code), row.school_year ?? "", "", grade ?? ""];
    },
  };
}

/**
 * SDS v2.1 classes.csv: sessionSourcedIds are the class's active terms, comma-separated. A class without a teacher is
 * still exported (its students keep their class) and reported.
 */
export function classesFile(scope: FileSetScope): FileSpec {
  return {
    name: "classes.csv",
    entity: "classes",
    header: ["sourcedId", "orgSourcedId", "title", "sessionSourcedIds", "courseSourcedId"],
    query: (db) =>
      sql<any>`${scopeCtes(scope, { requireUpn: true })}
        select c.sourced_id, c.school_sourced_id, c.title, c.course_sourced_id,
          array_to_string(array(select ct.term_sourced_id from class_terms ct
            join academic_sessions s on s.tenant_id = ct.tenant_id and s.sourced_id = ct.term_sourced_id and s.status = 'active'
            where ct.tenant_id = ${scope.tenantId} and ct.class_sourced_id = c.sourced_id order by ct.ordinal, ct.term_sourced_id collate "C"), ',') as sessions,
          (taught.class_sourced_id is not null) as has_teacher
        from x_classes c
        left join (select distinct e.class_sourced_id from x_enrollments e where e.role = 'teacher') taught on taught.class_sourced_id = c.sourced_id
        order by c.sourced_id collate "C"`.compile(db),
    render: (row, notes) => {
      if (!row.has_teacher) notes.warn({ entity: "classes", sourcedId: row.sourced_id, why: "class has no teacher with a UPN; exported without one" });
      return [row.sourced_id, row.school_sourced_id, oneLine(row.title), row.sessions, row.course_sourced_id];
    },
  };
}

/** SDS v2.1 enrollments.csv: one row per class, user and role, of exported classes and users with a UPN. */
export function enrollmentsFile(scope: FileSetScope): FileSpec {
  return {
    name: "enrollments.csv",
    entity: "enrollments",
    header: ["classSourcedId", "userSourcedId", "role"],
    query: (db) =>
      sql<any>`${scopeCtes(scope, { requireUpn: true })}
        select distinct e.class_sourced_id collate "C" as class_sourced_id, e.user_sourced_id collate "C" as user_sourced_id, e.role
        from x_enrollments e order by 1, 2, 3`.compile(db),
    keyOf: (row) => `${row.class_sourced_id}/${row.user_sourced_id}`,
    render: (row) => {
      const role = mapValue(SDS_ENROLLMENT_ROLE, row.role);
      if (role === undefined) return skip(`enrollment role "${row.role}" has no SDS value`);
      return [row.class_sourced_id, row.user_sourced_id, role];
    },
  };
}
