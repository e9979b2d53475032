import { sql, type Kysely } from "kysely";

/**
 * A user's orgs and agents (user_orgs, user_agents) are checked a statement at a time, as enrollments are (see
 * 2026-11-26T0400): their four foreign keys looked up and locked a users or orgs row per inserted link, and locking a
 * row the same transaction had just inserted rewrites it. Dropping them took 6 s off a 180 000-user CSV import.
 * The triggers keep what the keys did: a link must name an existing user and org or agent (foreign_key_violation,
 * 23503); deleting a user deletes its links (the keys cascaded); deleting an org, or changing the key of a user or
 * org, that a link still names is refused. Like the enrollment checks they hold no lock between check and commit;
 * nothing deletes users or orgs while a run adds links (a run marks them tobedeleted).
 */
const LINKS: Array<{ table: string; parents: Array<[parent: string, column: string]> }> = [
  { table: "user_orgs", parents: [["users", "user_sourced_id"], ["orgs", "org_sourced_id"]] },
  { table: "user_agents", parents: [["users", "user_sourced_id"], ["users", "agent_sourced_id"]] },
];

/** The check of inserted and updated links (replaced by 2026-11-26T0700, whose down restores it). */
export const REFS_EXIST: string[] = [
  // tg_argv: pairs of (parent table, this table's column naming it).
  `create function oneroster_links_exist() returns trigger language plpgsql as $$
  declare
    missing record;
  begin
    for i in 0 .. tg_nargs / 2 - 1 loop
      execute format(
        'select n.tenant_id, n.user_sourced_id as owner, n.%2$I as parent from new_rows n '
        || 'where not exists (select 1 from %1$I p where p.tenant_id = n.tenant_id and p.sourced_id = n.%2$I) limit 1',
        tg_argv[2 * i], tg_argv[2 * i + 1]) into missing;
      if missing is not null then
        raise foreign_key_violation using
          message = format('%s row of user %L violates its foreign key: %s %L of tenant %L does not exist',
                           tg_table_name, missing.owner, tg_argv[2 * i], missing.parent, missing.tenant_id);
      end if;
    end loop;
    return null;
  end $$`,
  ...LINKS.flatMap(({ table, parents }) => {
    const args = parents.map(([parent, column]) => `'${parent}', '${column}'`).join(", ");
    return ["insert", "update"].map(
      (event) => `create trigger ${table}_refs_${event} after ${event} on ${table} referencing new table as new_rows
         for each statement execute function oneroster_links_exist(${args})`,
    );
  }),
];

const statements: string[] = [
  ...LINKS.flatMap(({ table, parents }) => parents.map(([, column]) => `alter table ${table} drop constraint if exists ${table}_tenant_id_${column}_fkey`)),
  ...REFS_EXIST,
  `create function oneroster_user_links_cascade() returns trigger language plpgsql as $$
  begin
    delete from user_orgs l using old_rows o where l.tenant_id = o.tenant_id and l.user_sourced_id = o.sourced_id;
    delete from user_agents l using old_rows o where l.tenant_id = o.tenant_id and l.user_sourced_id = o.sourced_id;
    delete from user_agents l using old_rows o where l.tenant_id = o.tenant_id and l.agent_sourced_id = o.sourced_id;
    return null;
  end $$`,
  // After a delete or update of the parent table: a link naming a key that is gone (the gone keys found once).
  // tg_argv: pairs of (link table, its column naming this table).
  `create function oneroster_links_kept() returns trigger language plpgsql as $$
  declare
    links text := '';
    kept record;
  begin
    for i in 0 .. tg_nargs / 2 - 1 loop
      links := links || case when i > 0 then ' union all ' else '' end || format(
        'select l.tenant_id, l.user_sourced_id as owner, l.%2$I as parent, %1$L as link from gone join %1$I l '
        || 'on l.tenant_id = gone.tenant_id and l.%2$I = gone.sourced_id',
        tg_argv[2 * i], tg_argv[2 * i + 1]);
    end loop;
    execute format(
      'with gone as (select o.tenant_id, o.sourced_id from old_rows o '
      || 'where not exists (select 1 from %1$I p where p.tenant_id = o.tenant_id and p.sourced_id = o.sourced_id)) '
      || 'select * from (%2$s) k limit 1',
      tg_table_name, links) into kept;
    if kept is not null then
      raise foreign_key_violation using
        message = format('%s %L of tenant %L is still named by a %s row of user %L (foreign key)',
                         tg_table_name, kept.parent, kept.tenant_id, kept.link, kept.owner);
    end if;
    return null;
  end $$`,
  `create trigger users_links_cascade after delete on users referencing old table as old_rows
     for each statement execute function oneroster_user_links_cascade()`,
  `create trigger users_links_kept_update after update on users referencing old table as old_rows
     for each statement execute function oneroster_links_kept('user_orgs', 'user_sourced_id', 'user_agents', 'user_sourced_id', 'user_agents', 'agent_sourced_id')`,
  ...["delete", "update"].map(
    (event) => `create trigger orgs_links_kept_${event} after ${event} on orgs referencing old table as old_rows
       for each statement execute function oneroster_links_kept('user_orgs', 'org_sourced_id')`,
  ),
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const { table } of LINKS) {
    await sql.raw(`drop trigger if exists ${table}_refs_insert on ${table}`).execute(db);
    await sql.raw(`drop trigger if exists ${table}_refs_update on ${table}`).execute(db);
  }
  await sql`drop trigger if exists users_links_cascade on users`.execute(db);
  await sql`drop trigger if exists users_links_kept_update on users`.execute(db);
  await sql`drop trigger if exists orgs_links_kept_delete on orgs`.execute(db);
  await sql`drop trigger if exists orgs_links_kept_update on orgs`.execute(db);
  await sql`drop function if exists oneroster_links_kept()`.execute(db);
  await sql`drop function if exists oneroster_user_links_cascade()`.execute(db);
  await sql`drop function if exists oneroster_links_exist()`.execute(db);
  await sql`alter table user_orgs add foreign key (tenant_id, user_sourced_id) references users (tenant_id, sourced_id) on delete cascade`.execute(db);
  await sql`alter table user_orgs add foreign key (tenant_id, org_sourced_id) references orgs (tenant_id, sourced_id)`.execute(db);
  await sql`alter table user_agents add foreign key (tenant_id, user_sourced_id) references users (tenant_id, sourced_id) on delete cascade`.execute(db);
  await sql`alter table user_agents add foreign key (tenant_id, agent_sourced_id) references users (tenant_id, sourced_id) on delete cascade`.execute(db);
}
