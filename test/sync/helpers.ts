import { sql, type Kysely } from "kysely";
import { LOAD_ORDER } from "../../db/bulk-load.ts";
import type { Database } from "../../db/schema.ts";
import { runSync } from "../../src/sync/engine.ts";
import type { SyncOptions, SyncResult } from "../../src/sync/types.ts";
import { asSnapshot, type SnapshotData } from "../fixtures/sync-snapshots.ts";

export async function createTenant(db: Kysely<Database>, id: string): Promise<void> {
  await db.insertInto("tenants").values({ id, name: `Tenant ${id}` }).execute();
}

/** Every roster row of a tenant (every column, date_last_modified included), table by table, in a stable order. */
export async function dumpTenant(db: Kysely<Database>, tenantId: string): Promise<Record<string, string[]>> {
  const dump: Record<string, string[]> = {};
  for (const table of LOAD_ORDER) {
    if (table === "tenants") continue;
    const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(table)} where tenant_id = ${tenantId}`.execute(db);
    dump[table] = rows.map((r) => JSON.stringify(r)).sort();
  }
  return dump;
}

export async function rowOf(db: Kysely<Database>, table: string, tenantId: string, sourcedId: string): Promise<Record<string, unknown>> {
  const { rows } = await sql<Record<string, unknown>>`
    select * from ${sql.table(table)} where tenant_id = ${tenantId} and sourced_id = ${sourcedId}`.execute(db);
  if (rows.length !== 1) throw new Error(`${table} ${sourcedId}: ${rows.length} rows`);
  return rows[0]!;
}

/** Rows that differ between two dumps, as "table: row json" lines (removed ones prefixed "-", added ones "+"). */
export function dumpDiff(before: Record<string, string[]>, after: Record<string, string[]>): string[] {
  const lines: string[] = [];
  for (const table of Object.keys(after)) {
    const old = new Set(before[table]);
    const now = new Set(after[table]);
    for (const row of before[table] ?? []) if (!now.has(row)) lines.push(`- ${table}: ${row}`);
    for (const row of after[table] ?? []) if (!old.has(row)) lines.push(`+ ${table}: ${row}`);
  }
  return lines;
}

export function sync(
  db: Kysely<Database>,
  tenantId: string,
  data: SnapshotData,
  options: Partial<Omit<SyncOptions, "snapshot" | "tenantId">> = {},
): Promise<SyncResult> {
  return runSync(db, { tenantId, sourceId: "ss12000", sourceKind: "ss12000", mode: "full", snapshot: asSnapshot(data), ...options });
}
