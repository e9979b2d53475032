import { sql, type Kysely } from "kysely";
import { REFS_EXIST as ENROLLMENT_REFS_EXIST } from "./2026-11-26T0400-enrollment-set-checks.ts";
import { REFS_EXIST as LINK_REFS_EXIST } from "./2026-11-26T0600-user-link-set-checks.ts";

/**
 * A writer that inserts a great many enrollments, or user links, may check their references once at its end instead
 * of a statement at a time. Each statement's check looks its rows' classes and users up one by one in their indexes
 * (10 µs a row here, 9 s of a 930 000-enrollment import); one check of the tenant's rows joins them to the parents'
 * hashed keys (under a second). The writer says so for its transaction with
 * `set_config('oneroster.refs_at_end_<table>', 'on', true)`, the table's statement triggers then leave its rows alone,
 * and before it commits it calls `oneroster_check_refs(table, tenant)`, which raises foreign_key_violation (23503)
 * with the message a trigger would have. Every other writer, and this one for small runs, is checked as before.
 *
 * The three tables' triggers now share one function, whose parents are listed in oneroster_ref_parents.
 */
const TRIGGERS = ["enrollments", "user_orgs", "user_agents"].flatMap((table) => ["insert", "update"].map((event) => ({ table, event })));

const statements: string[] = [
  // what: how a message names the parent ("enrollment 'e1' … class 'c1'", "user_orgs row of user 'u1' … orgs 'o1'").
  `create function oneroster_ref_parents(tab text)
     returns table (parent_table text, parent_column text, owner_column text, what text) language sql immutable as $$
    select p.parent_table, p.parent_column, p.owner_column, p.what from (values
      ('enrollments', 'classes', 'class_sourced_id', 'sourced_id', 'class'),
      ('enrollments', 'users', 'user_sourced_id', 'sourced_id', 'user'),
      ('user_orgs', 'users', 'user_sourced_id', 'user_sourced_id', 'users'),
      ('user_orgs', 'orgs', 'org_sourced_id', 'user_sourced_id', 'orgs'),
      ('user_agents', 'users', 'user_sourced_id', 'user_sourced_id', 'users'),
      ('user_agents', 'users', 'agent_sourced_id', 'user_sourced_id', 'users')
    ) as p(tab, parent_table, parent_column, owner_column, what) where p.tab = $1
  $$`,
  // A query for one row of rows_sql whose parent_column names no row of parent_table.
  `create function oneroster_missing_ref_query(rows_sql text, parent_table text, parent_column text, owner_column text)
     returns text language sql immutable as $$
    select format('select n.tenant_id, n.%3$I as owner, n.%2$I as parent from %4$s n '
      || 'where not exists (select 1 from %1$I p where p.tenant_id = n.tenant_id and p.sourced_id = n.%2$I) limit 1',
      parent_table, parent_column, owner_column, rows_sql)
  $$`,
  `create function oneroster_raise_missing_ref(tab text, what text, tenant text, owner text, parent text)
     returns void language plpgsql as $$
  begin
    raise foreign_key_violation using message =
      case when tab = 'enrollments' then format('enrollment %L', owner) else format('%s row of user %L', tab, owner) end
      || format(' violates its foreign key: %s %L of tenant %L does not exist', what, parent, tenant);
  end $$`,
  // The statement triggers' check. The transition table is seen only by this function's own queries.
  `create function oneroster_refs_exist() returns trigger language plpgsql as $$
  declare
    p record;
    missing record;
  begin
    if current_setting('oneroster.refs_at_end_' || tg_table_name, true) = 'on' then return null; end if;
    for p in select * from oneroster_ref_parents(tg_table_name) loop
      execute oneroster_missing_ref_query('new_rows', p.parent_table, p.parent_column, p.owner_column) into missing;
      if missing is not null then
        perform oneroster_raise_missing_ref(tg_table_name, p.what, missing.tenant_id, missing.owner, missing.parent);
      end if;
    end loop;
    return null;
  end $$`,
  // The writer's check at its end: every row of the tenant in tab (those it did not write were checked when written).
  `create function oneroster_check_refs(tab text, tenant text) returns void language plpgsql as $$
  declare
    p record;
    missing record;
  begin
    for p in select * from oneroster_ref_parents(tab) loop
      execute oneroster_missing_ref_query(format('(select * from %I where tenant_id = $1)', tab), p.parent_table, p.parent_column, p.owner_column)
        into missing using tenant;
      if missing is not null then
        perform oneroster_raise_missing_ref(tab, p.what, missing.tenant_id, missing.owner, missing.parent);
      end if;
    end loop;
  end $$`,
  ...TRIGGERS.flatMap(({ table, event }) => [
    `drop trigger ${table}_refs_${event} on ${table}`,
    `create trigger ${table}_refs_${event} after ${event} on ${table} referencing new table as new_rows
       for each statement execute function oneroster_refs_exist()`,
  ]),
  `drop function oneroster_enrollment_refs_exist()`,
  `drop function oneroster_links_exist()`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const { table, event } of TRIGGERS) await sql.raw(`drop trigger if exists ${table}_refs_${event} on ${table}`).execute(db);
  for (const fn of ["oneroster_check_refs(text, text)", "oneroster_refs_exist()", "oneroster_raise_missing_ref(text, text, text, text, text)", "oneroster_missing_ref_query(text, text, text, text)", "oneroster_ref_parents(text)"]) {
    await sql.raw(`drop function if exists ${fn}`).execute(db);
  }
  for (const statement of [...ENROLLMENT_REFS_EXIST, ...LINK_REFS_EXIST]) await sql.raw(statement).execute(db);
}
