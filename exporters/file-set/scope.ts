import { sql, type RawBuilder } from "kysely";

/** Whose data a file set holds. */
export interface FileSetScope {
  tenantId: string;
  /** Only these schools' data (and the orgs above them); absent: the whole tenant. */
  schools?: readonly string[];
  /** Appended as "@suffix" to a username without a domain; absent: such a user has no UPN. */
  upnSuffix?: string;
  /** Only with this may a username that looks like a personnummer leave (it is otherwise no UPN at all). */
  includePersonnummer: boolean;
}

/** The roles of the people a roster file set holds; guardians come only through relationships. */
export const PERSON_ROLES = ["student", "teacher", "administrator", "aide", "proctor"] as const;
export const STAFF_ROLES = ["teacher", "administrator", "aide", "proctor"] as const;
export const GUARDIAN_ROLES = ["guardian", "parent", "relative"] as const;

// Looser than src/csv/personnummer.ts (no date check), so it errs on the side of leaving a username out.
const PERSONNUMMER_LIKE = "(^|[^0-9])([0-9]{2})?[0-9]{6}[-+]?[A-Za-z0-9]{2}[0-9]{2}([^0-9]|$)";
const UPN_LIKE = "^[^@[:space:]]+@[^@[:space:]]+\\.[^@[:space:]]+$";
const LOCAL_PART = "^[^@[:space:]]+$";

const roleList = (roles: readonly string[]) => sql.join(roles.map((r) => sql.lit(r)));

/** A user's UPN, or null: the username as it is, or with the setup's suffix; never one that looks like a personnummer. */
function upnOf(scope: FileSetScope): RawBuilder<string | null> {
  const suffix = scope.upnSuffix ?? null;
  const upn = sql`case when u.username ~ ${sql.lit(UPN_LIKE)} then u.username
    when cast(${suffix} as text) is not null and u.username ~ ${sql.lit(LOCAL_PART)} then u.username || '@' || cast(${suffix} as text) end`;
  return scope.includePersonnummer
    ? sql<string | null>`(${upn})`
    : sql<string | null>`(case when u.username ~ ${sql.lit(PERSONNUMMER_LIKE)} then null else ${upn} end)`;
}

/**
 * The exported records of a scope as common table expressions (not materialized: each is planned inside the query
 * that uses it, with the tables' own statistics; a materialized one hides them and a million-row join goes wrong), so that every file of a set agrees on them: only
 * active rows, and a reference only to a record that is itself exported (SDS and ASM take omission as removal, and a
 * dangling reference fails the whole upload).
 *
 * x_schools, x_orgs (the schools and the orgs right above them), x_users (people with an exported org, with their
 * upn), x_courses, x_classes, x_enrollments (of exported classes and users; with `requireUpn` only users with a UPN),
 * x_guardians (guardians of exported students).
 */
export function scopeCtes(scope: FileSetScope, { requireUpn }: { requireUpn: boolean }): RawBuilder<unknown> {
  const t = scope.tenantId;
  const schools = scope.schools ? [...scope.schools] : null;
  const usable = requireUpn ? sql`xu.upn is not null` : sql`true`;
  return sql`with
  x_schools as not materialized (
    select o.sourced_id, o.name, o.identifier from orgs o
    where o.tenant_id = ${t} and o.status = 'active' and o.type = 'school'
      and ${schools ? sql`o.sourced_id = any(cast(${schools} as text[]))` : sql`true`}
  ),
  x_orgs as not materialized (
    select o.sourced_id, o.name, o.type, o.identifier, o.parent_sourced_id from orgs o
    where o.tenant_id = ${t} and o.status = 'active'
      and ${
        schools
          ? sql`(o.sourced_id in (select sourced_id from x_schools)
        or o.sourced_id in (select p.parent_sourced_id from orgs p join x_schools s on s.sourced_id = p.sourced_id where p.tenant_id = ${t}))`
          : sql`true`
      }
  ),
  x_users as not materialized (
    select u.sourced_id, u.username, ${upnOf(scope)} as upn, u.given_name, u.middle_name, u.family_name, u.role, u.identifier,
      u.email, u.phone, u.sms, u.grades, u.primary_org_sourced_id
    from users u
    where u.tenant_id = ${t} and u.status = 'active' and u.role in (${roleList(PERSON_ROLES)})
      and exists (select 1 from user_orgs uo join x_orgs xo on xo.sourced_id = uo.org_sourced_id
        where uo.tenant_id = ${t} and uo.user_sourced_id = u.sourced_id)
  ),
  x_courses as not materialized (
    select c.sourced_id, c.title, c.course_code, c.grades, c.org_sourced_id, c.school_year_sourced_id from courses c
    where c.tenant_id = ${t} and c.status = 'active' and c.org_sourced_id in (select sourced_id from x_orgs)
  ),
  x_classes as not materialized (
    select c.sourced_id, c.title, c.class_code, c.course_sourced_id, c.school_sourced_id from classes c
    where c.tenant_id = ${t} and c.status = 'active' and c.school_sourced_id in (select sourced_id from x_schools)
      and c.course_sourced_id in (select sourced_id from x_courses)
  ),
  x_enrollments as not materialized (
    select e.sourced_id, e.class_sourced_id, e.user_sourced_id, e.role, e."primary", xu.role as user_role
    from enrollments e
    join x_classes xc on xc.sourced_id = e.class_sourced_id
    join x_users xu on xu.sourced_id = e.user_sourced_id
    where e.tenant_id = ${t} and e.status = 'active' and ${usable}
  ),
  x_guardians as not materialized (
    select u.sourced_id, u.username, ${upnOf(scope)} as upn, u.given_name, u.middle_name, u.family_name, u.role, u.identifier,
      u.email, u.phone, u.sms, u.grades, u.primary_org_sourced_id
    from users u
    where u.tenant_id = ${t} and u.status = 'active' and u.role in (${roleList(GUARDIAN_ROLES)})
      and exists (select 1 from user_agents ua join x_users xs on xs.sourced_id = ua.user_sourced_id
        where ua.tenant_id = ${t} and ua.agent_sourced_id = u.sourced_id and xs.role = 'student' and ${requireUpn ? sql`xs.upn is not null` : sql`true`})
  )
`;
}

/** Text order that is the same on both engines (bytewise). */
export const byId = (column: string) => sql.raw(`${column} collate "C"`);
