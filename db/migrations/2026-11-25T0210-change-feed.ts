import { sql, type Kysely } from "kysely";

/**
 * The change feed: every statement that changes roster, gradebook or resource rows sends one NOTIFY on
 * "oneroster_changes" per tenant it touched, with the payload {"schema","table","tenant"} (no tenant after a TRUNCATE:
 * anything may have changed). Statement-level, so a bulk insert of thousands of rows costs one small query over its
 * transition table, and Postgres folds identical notifications of one transaction into one.
 */
const CHANGE_FEED_TABLES = [
  "orgs",
  "academic_sessions",
  "courses",
  "classes",
  "class_terms",
  "users",
  "user_orgs",
  "user_agents",
  "user_ids",
  "user_roles",
  "user_profiles",
  "enrollments",
  "demographics",
  "categories",
  "line_items",
  "results",
  "resources",
  "class_resources",
  "course_resources",
  "user_resources",
] as const;

const statements: string[] = [
  `create function oneroster_notify_change() returns trigger language plpgsql as $$
  declare
    tenant text;
  begin
    if tg_op = 'TRUNCATE' then
      perform pg_notify('oneroster_changes', json_build_object('schema', tg_table_schema, 'table', tg_table_name)::text);
      return null;
    end if;
    for tenant in execute case tg_op
      when 'INSERT' then 'select distinct tenant_id from new_rows'
      when 'DELETE' then 'select distinct tenant_id from old_rows'
      else 'select tenant_id from new_rows union select tenant_id from old_rows'
    end loop
      perform pg_notify('oneroster_changes', json_build_object('schema', tg_table_schema, 'table', tg_table_name, 'tenant', tenant)::text);
    end loop;
    return null;
  end $$`,
  ...CHANGE_FEED_TABLES.flatMap((t) => [
    `create trigger ${t}_notify_insert after insert on ${t} referencing new table as new_rows
       for each statement execute function oneroster_notify_change()`,
    `create trigger ${t}_notify_update after update on ${t} referencing old table as old_rows new table as new_rows
       for each statement execute function oneroster_notify_change()`,
    `create trigger ${t}_notify_delete after delete on ${t} referencing old table as old_rows
       for each statement execute function oneroster_notify_change()`,
    `create trigger ${t}_notify_truncate after truncate on ${t} for each statement execute function oneroster_notify_change()`,
  ]),
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw("drop function if exists oneroster_notify_change() cascade").execute(db);
}
