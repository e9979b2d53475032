import { sql, type Kysely } from "kysely";

/** The tables the sync engine writes: each row keeps the digest of the content it was written with. */
export const SYNCED_TABLES = ["orgs", "academic_sessions", "courses", "classes", "users", "demographics", "enrollments"] as const;

/**
 * sync_hash: the sync engine's digest of a row's content (its children included), so an unchanged import compares
 * digests instead of reading and hashing every stored row and child row. It is bookkeeping, not content: the touch
 * trigger ignores it, so writing it alone never moves dateLastModified.
 */
const statements: string[] = [
  ...SYNCED_TABLES.map((t) => `alter table ${t} add column sync_hash text`),
  `create or replace function oneroster_touch() returns trigger language plpgsql as $$
  begin
    if new.date_last_modified is not distinct from old.date_last_modified
       and (to_jsonb(new) - 'sync_hash') is distinct from (to_jsonb(old) - 'sync_hash') then
      new.date_last_modified := now();
    end if;
    return new;
  end $$`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw(`create or replace function oneroster_touch() returns trigger language plpgsql as $$
  begin
    if new.date_last_modified is not distinct from old.date_last_modified
       and row(new.*) is distinct from row(old.*) then
      new.date_last_modified := now();
    end if;
    return new;
  end $$`).execute(db);
  for (const t of SYNCED_TABLES) await sql.raw(`alter table ${t} drop column if exists sync_hash`).execute(db);
}
