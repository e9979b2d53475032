import { sql, type Expression, type SqlBool } from "kysely";

/** column is one of the schools; the list is one bound array parameter. */
export function inSchools(column: string, schools: readonly string[]): Expression<SqlBool> {
  return sql<SqlBool>`${sql.ref(column)} = any(cast(${[...schools]} as text[]))`;
}

/** The user (by its sourcedId column) belongs to one of the schools or is enrolled in a class of one. */
export function userInSchools(userColumn: string, schools: readonly string[]): Expression<SqlBool> {
  const user = sql.ref(userColumn);
  return sql<SqlBool>`(exists (select 1 from user_orgs uo where uo.tenant_id = e.tenant_id and uo.user_sourced_id = ${user} and ${inSchools("uo.org_sourced_id", schools)})
    or exists (select 1 from enrollments en where en.tenant_id = e.tenant_id and en.user_sourced_id = ${user} and ${inSchools("en.school_sourced_id", schools)}))`;
}

/** The class (by its sourcedId column) is taught at one of the schools. */
export function classInSchools(classColumn: string, schools: readonly string[]): Expression<SqlBool> {
  return sql<SqlBool>`exists (select 1 from classes sc where sc.tenant_id = e.tenant_id and sc.sourced_id = ${sql.ref(classColumn)} and ${inSchools("sc.school_sourced_id", schools)})`;
}
