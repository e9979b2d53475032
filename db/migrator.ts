import { DEFAULT_MIGRATION_TABLE, Migrator, sql, type Kysely, type Migration } from "kysely";
import * as onerosterCore from "./migrations/2026-11-25T0000-oneroster-core.ts";
import * as apiClients from "./migrations/2026-11-25T0100-api-clients.ts";
import * as changeFeed from "./migrations/2026-11-25T0210-change-feed.ts";
import * as syncRuns from "./migrations/2026-11-25T0300-sync-runs.ts";
import * as exports from "./migrations/2026-11-26T0100-exports.ts";
import * as syncHash from "./migrations/2026-11-26T0200-sync-hash.ts";
import * as enrollmentChecks from "./migrations/2026-11-26T0250-enrollment-checks.ts";
import * as runApprovals from "./migrations/2026-11-26T0300-run-approvals.ts";
import * as enrollmentSetChecks from "./migrations/2026-11-26T0400-enrollment-set-checks.ts";
import * as writerTouchesParents from "./migrations/2026-11-26T0500-writer-touches-parents.ts";
import * as userLinkSetChecks from "./migrations/2026-11-26T0600-user-link-set-checks.ts";
import * as referencesCheckedAtEnd from "./migrations/2026-11-26T0700-references-checked-at-end.ts";

/** Every migration, in order. Listed here rather than read from disk so the set is fixed at build time. */
export const migrations: Record<string, Migration> = {
  "2026-11-25T0000-oneroster-core": onerosterCore,
  "2026-11-25T0100-api-clients": apiClients,
  "2026-11-25T0210-change-feed": changeFeed,
  "2026-11-25T0300-sync-runs": syncRuns,
  "2026-11-26T0100-exports": exports,
  "2026-11-26T0200-sync-hash": syncHash,
  "2026-11-26T0250-enrollment-checks": enrollmentChecks,
  "2026-11-26T0300-run-approvals": runApprovals,
  "2026-11-26T0400-enrollment-set-checks": enrollmentSetChecks,
  "2026-11-26T0500-writer-touches-parents": writerTouchesParents,
  "2026-11-26T0600-user-link-set-checks": userLinkSetChecks,
  "2026-11-26T0700-references-checked-at-end": referencesCheckedAtEnd,
};

export const LATEST_MIGRATION = Object.keys(migrations).at(-1)!;

function migrator(db: Kysely<any>, schema?: string): Migrator {
  return new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
}

export class MigrationError extends Error {
  constructor(migration: string | undefined, cause: unknown) {
    super(`Database migration ${migration ?? "(setup)"} failed: ${(cause as Error)?.message ?? String(cause)}`, { cause });
    this.name = "MigrationError";
  }
}

/** Brings the schema to the latest migration; returns the names that were applied now. */
export async function migrateToLatest(db: Kysely<any>, schema?: string): Promise<string[]> {
  const { error, results = [] } = await migrator(db, schema).migrateToLatest();
  if (error) throw new MigrationError(results.find((r) => r.status === "Error")?.migrationName, error);
  return results.filter((r) => r.status === "Success").map((r) => r.migrationName);
}

/**
 * The newest applied migration this version knows, or null on an empty database. Read from kysely's migration table
 * directly: the Migrator would first list the tables of every schema, which fails if one is dropped meanwhile.
 */
export async function currentMigration(db: Kysely<any>, schema?: string): Promise<string | null> {
  const table = schema ? `${schema}.${DEFAULT_MIGRATION_TABLE}` : DEFAULT_MIGRATION_TABLE;
  const { rows: found } = await sql<{ present: boolean }>`select to_regclass(${table}) is not null as present`.execute(db);
  if (!found[0]?.present) return null;
  const { rows } = await sql<{ name: string }>`
    select name from ${sql.table(table)} where name = any(${Object.keys(migrations)}::text[]) order by name desc limit 1`.execute(db);
  return rows[0]?.name ?? null;
}

export async function ping(db: Kysely<any>): Promise<void> {
  await sql`select 1`.execute(db);
}
