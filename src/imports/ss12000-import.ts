import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { readSs12000Delta, readSs12000Full, type Ss12000ImportContext } from "../../importers/ss12000/importer.ts";
import type { Ss12000Settings } from "../../importers/ss12000/settings.ts";
import { runSync } from "../sync/engine.ts";
import type { GuardSettings, SyncOptions, SyncResult } from "../sync/types.ts";
import { ensureTenant } from "../tenancy/ensure-tenant.ts";

/** How far before the last successful run's start a delta looks, for clocks that differ between us and the source. */
const DELTA_OVERLAP_MS = 10 * 60 * 1000;

export interface Ss12000ImportOptions extends Omit<Ss12000ImportContext, "today"> {
  delta?: boolean;
  /** Delta runs: changes after this time; by default since shortly before the last successful run of the source began. */
  since?: string;
  today?: string;
  dryRun?: boolean;
  force?: boolean;
  guard?: Partial<GuardSettings>;
  onSyncProgress?: SyncOptions["onProgress"];
}

export class DeltaWithoutBaseError extends Error {
  override name = "DeltaWithoutBaseError";
}

/** The time a delta of this source starts from: given, or the last successful run's start less an overlap. */
export async function deltaSince(db: Kysely<Database>, tenantId: string, sourceId: string): Promise<string> {
  const last = await db
    .selectFrom("sync_runs")
    .select("started_at")
    .where("tenant_id", "=", tenantId)
    .where("source_id", "=", sourceId)
    .where("status", "=", "succeeded")
    .orderBy("started_at", "desc")
    .limit(1)
    .executeTakeFirst();
  if (!last) throw new DeltaWithoutBaseError(`source "${sourceId}" of tenant "${tenantId}" has no successful run yet: run a full import first`);
  return new Date(last.started_at.getTime() - DELTA_OVERLAP_MS).toISOString();
}

/** Reads an SS 12000 source (full, or delta since the last good run) and applies it through the sync engine. */
export async function importSs12000(db: Kysely<Database>, settings: Ss12000Settings, options: Ss12000ImportOptions): Promise<SyncResult> {
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  const context = { ...options, today };
  if (!options.dryRun) await ensureTenant(db, options.tenantId);
  const read = options.delta
    ? readSs12000Delta(settings, { ...context, since: options.since ?? (await deltaSince(db, options.tenantId, options.sourceId)) })
    : readSs12000Full(settings, context);
  return runSync(db, {
    tenantId: options.tenantId,
    sourceId: options.sourceId,
    sourceKind: "ss12000",
    mode: read.mode,
    snapshot: read.snapshot,
    ...(read.deletions ? { deletions: read.deletions } : {}),
    ...(read.completeEnrollmentsOf ? { completeEnrollmentsOf: read.completeEnrollmentsOf } : {}),
    sourceNotes: read.notes,
    ...(options.dryRun ? { dryRun: true } : {}),
    ...(options.force ? { force: true } : {}),
    ...(options.guard ? { guard: options.guard } : {}),
    ...(options.onSyncProgress ? { onProgress: options.onSyncProgress } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
  });
}
