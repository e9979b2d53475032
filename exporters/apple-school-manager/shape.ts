import { sql, type Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { scopeCtes, STAFF_ROLES, type FileSetScope } from "../file-set/scope.ts";

/** ASM allows up to 15 instructors per class (instructor_id … instructor_id_15). */
export const MAX_INSTRUCTORS = 15;
/** The template's own instructor columns, always present. */
export const TEMPLATE_INSTRUCTORS = 3;

/** How wide the data-dependent headers are: location_id … location_id_N, instructor_id … instructor_id_N. */
export interface AsmShape {
  studentLocations: number;
  staffLocations: number;
  instructors: number;
}

/** Reads the shape of a tenant's ASM files: the most schools of one student and of one staff member, the most teachers of one class. */
export async function readAsmShape(db: Kysely<Database>, scope: FileSetScope): Promise<AsmShape> {
  const staff = sql.join(STAFF_ROLES.map((r) => sql.lit(r)));
  const { rows } = await sql<{ students: number | null; staff: number | null; instructors: number | null }>`${scopeCtes(scope, { requireUpn: false })},
    at_schools as (
      select u.role, count(*)::int as n from x_users u
      join user_orgs uo on uo.tenant_id = ${scope.tenantId} and uo.user_sourced_id = u.sourced_id
      join x_schools xs on xs.sourced_id = uo.org_sourced_id
      group by u.sourced_id, u.role
    )
    select
      (select max(n) from at_schools where role = 'student') as students,
      (select max(n) from at_schools where role in (${staff})) as staff,
      (select max(n) from (select count(distinct e.user_sourced_id)::int as n from x_enrollments e
        where e.role = 'teacher' and e.user_role in (${staff}) group by e.class_sourced_id) t) as instructors`.execute(db);
  const row = rows[0];
  return {
    studentLocations: Math.max(1, row?.students ?? 1),
    staffLocations: Math.max(1, row?.staff ?? 1),
    instructors: Math.min(MAX_INSTRUCTORS, Math.max(TEMPLATE_INSTRUCTORS, row?.instructors ?? 0)),
  };
}

/** name, name_2 … name_n. */
export function numberedColumns(name: string, n: number): string[] {
  return Array.from({ length: n }, (_, i) => (i === 0 ? name : `${name}_${i + 1}`));
}
