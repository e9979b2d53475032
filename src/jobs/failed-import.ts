import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { finishRun, startRun } from "../sync/run-record.ts";
import { ensureTenant } from "../tenancy/ensure-tenant.ts";

/**
 * Records an import that failed before the sync engine began its run (an unreadable file, a zip with problems), so
 * the run history shows it like any failed run.
 */
export async function recordFailedImport(db: Kysely<Database>, run: { tenantId: string; sourceId: string; sourceKind: string; error: string; startedAt: Date }): Promise<string> {
  await ensureTenant(db, run.tenantId);
  await db
    .insertInto("sources")
    .values({ tenant_id: run.tenantId, id: run.sourceId, kind: run.sourceKind })
    .onConflict((oc) => oc.columns(["tenant_id", "id"]).doNothing())
    .execute();
  const id = await startRun(db, { tenantId: run.tenantId, sourceId: run.sourceId, sourceKind: run.sourceKind, mode: "full", forced: false, startedAt: run.startedAt });
  await finishRun(db, run.tenantId, id, { status: "failed", counts: {}, warnings: [], warningCount: 0, error: run.error, finishedAt: new Date() });
  return id;
}
