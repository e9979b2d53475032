import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema.ts";
import { readOneRosterCsvZip, type OneRosterCsvRead, type OneRosterCsvReadOptions } from "../../../importers/oneroster-csv/index.ts";
import { writeOneRosterCsvZip } from "../../../src/csv/export-zip.ts";
import { ENTITY_ORDER, type EntityName } from "../../../src/model/canonical.ts";
import { runSync, type SyncResult } from "../../../src/sync/index.ts";
import { SPECS } from "../../../src/sync/entities.ts";
import { ensureTenant } from "../../../src/tenancy/ensure-tenant.ts";
import { Collector, readZip } from "../../csv/zip-contents.ts";

/** The tenant's bulk export as a zip in memory and as its files' text. */
export async function exportBulk(db: Kysely<Database>, tenantId: string): Promise<{ zip: Buffer; files: Map<string, string> }> {
  const out = new Collector();
  await writeOneRosterCsvZip(db, { tenantId }, out);
  return { zip: out.buffer, files: await readZip(out.buffer) };
}

/** Lookup of sourcedIds the tenant has, as the CLI does it. */
export function dbLookup(db: Kysely<Database>, tenantId: string): NonNullable<OneRosterCsvReadOptions["knownSourcedIds"]> {
  return async (entity: EntityName, ids: string[]) => {
    const rows = await db
      .selectFrom(SPECS[entity].table as "orgs")
      .select("sourced_id")
      .where("tenant_id", "=", tenantId)
      .where("sourced_id", "in", ids)
      .execute();
    return new Set(rows.map((r) => r.sourced_id));
  };
}

/** Reads the zip and, when it may be imported, runs it through the sync engine into the tenant (made if missing). */
export async function importZip(
  db: Kysely<Database>,
  tenantId: string,
  zip: Buffer,
  options: OneRosterCsvReadOptions & { dryRun?: boolean; sourceId?: string } = {},
): Promise<{ read: OneRosterCsvRead; result?: SyncResult }> {
  const read = await readOneRosterCsvZip({ buffer: zip }, { knownSourcedIds: dbLookup(db, tenantId), ...options });
  try {
    if (!read.ok) return { read };
    await ensureTenant(db, tenantId);
    const result = await runSync(db, {
      tenantId,
      sourceId: options.sourceId ?? "oneroster-csv",
      sourceKind: "oneroster-csv",
      mode: read.mode,
      snapshot: read.snapshot,
      ...(read.mode === "delta" ? { deletions: read.deletions } : {}),
      dryRun: options.dryRun ?? false,
    });
    return { read, result };
  } finally {
    read.close();
  }
}

/** Row counts of every roster table and the run table of a tenant: what "the database is unchanged" compares. */
export async function tenantCounts(db: Kysely<Database>, tenantId: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const entity of ENTITY_ORDER) {
    const { n } = await db
      .selectFrom(SPECS[entity].table as "orgs")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .where("tenant_id", "=", tenantId)
      .executeTakeFirstOrThrow();
    counts[entity] = Number(n);
  }
  const tenants = await db.selectFrom("tenants").select("id").where("id", "=", tenantId).execute();
  counts.tenant = tenants.length;
  const runs = await db.selectFrom("sync_runs").select("id").where("tenant_id", "=", tenantId).execute();
  counts.runs = runs.length;
  const sources = await db.selectFrom("sources").select("id").where("tenant_id", "=", tenantId).execute();
  counts.sources = sources.length;
  return counts;
}
