import { sql, type Kysely } from "kysely";
import type { Database } from "../../../db/schema.ts";

/**
 * A tenant's roster rows as readable lines (references by name instead of sourcedId), sorted, so a test can assert
 * exactly what a file import left in the database: every org, class, user and enrollment with its status.
 */
export async function rosterRows(db: Kysely<Database>, tenantId: string): Promise<string[]> {
  const q = <T>(query: ReturnType<typeof sql<T>>) => query.execute(db).then((r) => r.rows);
  const orgs = await q(sql<{ line: string }>`
    select concat_ws(' ', 'org', name, type, coalesce(identifier, '-'), status) as line from orgs where tenant_id = ${tenantId}`);
  const sessions = await q(sql<{ line: string }>`
    select concat_ws(' ', 'session', title, type, start_date::text, end_date::text, status) as line from academic_sessions where tenant_id = ${tenantId}`);
  const classes = await q(sql<{ line: string }>`
    select concat_ws(' ', 'class', c.title, c.class_type, '@' || o.name, 'course=' || co.title,
      'terms=' || (select string_agg(s.title, ',' order by s.start_date) from class_terms t join academic_sessions s
        on s.tenant_id = t.tenant_id and s.sourced_id = t.term_sourced_id where t.tenant_id = c.tenant_id and t.class_sourced_id = c.sourced_id),
      'grades=' || array_to_string(c.grades, ','), c.status) as line
    from classes c join orgs o on o.tenant_id = c.tenant_id and o.sourced_id = c.school_sourced_id
    join courses co on co.tenant_id = c.tenant_id and co.sourced_id = c.course_sourced_id
    where c.tenant_id = ${tenantId}`);
  const users = await q(sql<{ line: string }>`
    select concat_ws(' ', 'user', u.given_name, u.family_name, u.role, 'username=' || u.username, 'email=' || coalesce(u.email, '-'),
      'identifier=' || coalesce(u.identifier, '-'), 'grades=' || array_to_string(u.grades, ','),
      'orgs=' || (select string_agg(o.name, ',' order by o.name) from user_orgs uo join orgs o on o.tenant_id = uo.tenant_id and o.sourced_id = uo.org_sourced_id
        where uo.tenant_id = u.tenant_id and uo.user_sourced_id = u.sourced_id),
      'agents=' || coalesce((select string_agg(a.given_name || ' ' || a.family_name, ',' order by a.given_name) from user_agents ua join users a
        on a.tenant_id = ua.tenant_id and a.sourced_id = ua.agent_sourced_id where ua.tenant_id = u.tenant_id and ua.user_sourced_id = u.sourced_id), '-'),
      'userIds=' || coalesce((select string_agg(i.type || ':' || i.identifier, ',' order by i.ordinal) from user_ids i
        where i.tenant_id = u.tenant_id and i.user_sourced_id = u.sourced_id), '-'),
      u.status) as line
    from users u where u.tenant_id = ${tenantId}`);
  const enrollments = await q(sql<{ line: string }>`
    select concat_ws(' ', 'enrollment', c.title, '|', u.given_name, u.family_name, e.role, e.status) as line
    from enrollments e join classes c on c.tenant_id = e.tenant_id and c.sourced_id = e.class_sourced_id
    join users u on u.tenant_id = e.tenant_id and u.sourced_id = e.user_sourced_id
    where e.tenant_id = ${tenantId}`);
  return [...orgs, ...sessions, ...classes, ...users, ...enrollments].map((r) => r.line).sort();
}
