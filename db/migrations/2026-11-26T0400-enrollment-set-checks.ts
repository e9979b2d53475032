import { sql, type Kysely } from "kysely";

/**
 * An enrollment's class and user are still checked by the database, but a statement at a time instead of a row at a
 * time. A foreign key looks up and locks the class and the user of every inserted row: 16 s of a 930 000-enrollment
 * import, more than writing the rows and all their indexes. These triggers look up each statement's rows as one join
 * (6 s for the same import) and take no locks, so they also guard deletes and key changes of classes and users.
 * They raise foreign_key_violation (23503), as the keys did.
 *
 * What they do not do that a key did: hold a lock between the check and the commit. A class deleted in one
 * transaction while another adds an enrollment to it could leave that enrollment dangling; nothing here deletes
 * classes or users (a run marks them tobedeleted), so that race has no writer.
 */
/** The check of inserted and updated enrollments (replaced by 2026-11-26T0700, whose down restores it). */
export const REFS_EXIST: string[] = [
  `create function oneroster_enrollment_refs_exist() returns trigger language plpgsql as $$
  declare
    parent record;
    missing record;
  begin
    for parent in select * from (values ('classes', 'class_sourced_id', 'class'), ('users', 'user_sourced_id', 'user')) as p(tab, col, what) loop
      execute format(
        'select n.tenant_id, n.sourced_id, n.%2$I as parent from new_rows n '
        || 'where not exists (select 1 from %1$I p where p.tenant_id = n.tenant_id and p.sourced_id = n.%2$I) limit 1',
        parent.tab, parent.col) into missing;
      if missing is not null then
        raise foreign_key_violation using
          message = format('enrollment %L violates its foreign key: %s %L of tenant %L does not exist',
                           missing.sourced_id, parent.what, missing.parent, missing.tenant_id);
      end if;
    end loop;
    return null;
  end $$`,
  `create trigger enrollments_refs_insert after insert on enrollments referencing new table as new_rows
     for each statement execute function oneroster_enrollment_refs_exist()`,
  `create trigger enrollments_refs_update after update on enrollments referencing new table as new_rows
     for each statement execute function oneroster_enrollment_refs_exist()`,
];

const statements: string[] = [
  `alter table enrollments drop constraint if exists enrollments_tenant_id_class_sourced_id_fkey`,
  `alter table enrollments drop constraint if exists enrollments_tenant_id_user_sourced_id_fkey`,
  ...REFS_EXIST,
  // After a delete or update of classes or users: enrollments naming a key that is gone. tg_argv[0] is the
  // enrollments column that names the parent.
  `create function oneroster_enrollment_parents_kept() returns trigger language plpgsql as $$
  declare
    kept record;
  begin
    execute format(
      'with gone as (select o.tenant_id, o.sourced_id from old_rows o '
      || 'where not exists (select 1 from %2$I p where p.tenant_id = o.tenant_id and p.sourced_id = o.sourced_id)) '
      || 'select e.tenant_id, e.sourced_id, e.%1$I as parent from gone join enrollments e '
      || 'on e.tenant_id = gone.tenant_id and e.%1$I = gone.sourced_id limit 1',
      tg_argv[0], tg_table_name) into kept;
    if kept is not null then
      raise foreign_key_violation using
        message = format('%s %L of tenant %L is still named by enrollment %L (foreign key)',
                         tg_table_name, kept.parent, kept.tenant_id, kept.sourced_id);
    end if;
    return null;
  end $$`,
  ...[
    ["classes", "class_sourced_id"],
    ["users", "user_sourced_id"],
  ].flatMap(([table, column]) => [
    `create trigger ${table}_enrollments_kept_delete after delete on ${table} referencing old table as old_rows
       for each statement execute function oneroster_enrollment_parents_kept('${column}')`,
    `create trigger ${table}_enrollments_kept_update after update on ${table} referencing old table as old_rows
       for each statement execute function oneroster_enrollment_parents_kept('${column}')`,
  ]),
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ["classes", "users"]) {
    await sql.raw(`drop trigger if exists ${table}_enrollments_kept_delete on ${table}`).execute(db);
    await sql.raw(`drop trigger if exists ${table}_enrollments_kept_update on ${table}`).execute(db);
  }
  await sql`drop trigger if exists enrollments_refs_insert on enrollments`.execute(db);
  await sql`drop trigger if exists enrollments_refs_update on enrollments`.execute(db);
  await sql`drop function if exists oneroster_enrollment_parents_kept()`.execute(db);
  await sql`drop function if exists oneroster_enrollment_refs_exist()`.execute(db);
  await sql`alter table enrollments add foreign key (tenant_id, class_sourced_id) references classes (tenant_id, sourced_id)`.execute(db);
  await sql`alter table enrollments add foreign key (tenant_id, user_sourced_id) references users (tenant_id, sourced_id)`.execute(db);
}
