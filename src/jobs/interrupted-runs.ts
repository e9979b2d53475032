import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";

/**
 * Marks the tenant's runs still "running" since `since` as failed with `reason`: a shutdown that cannot wait any longer.
 * Their transactions are rolled back by Postgres (or simply never written, embedded) when the process ends.
 */
export async function markRunsInterrupted(db: Kysely<Database>, tenantId: string, since: Date, reason: string): Promise<number> {
  const finishedAt = new Date();
  const [imports, exports] = await Promise.all([
    db
      .updateTable("sync_runs")
      .set({ status: "failed", finished_at: finishedAt, error: reason })
      .where("tenant_id", "=", tenantId)
      .where("status", "=", "running")
      .where("started_at", ">=", since)
      .executeTakeFirst(),
    db
      .updateTable("export_runs")
      .set({ status: "failed", finished_at: finishedAt, error: reason })
      .where("tenant_id", "=", tenantId)
      .where("status", "=", "running")
      .where("started_at", ">=", since)
      .executeTakeFirst(),
  ]);
  return Number(imports.numUpdatedRows) + Number(exports.numUpdatedRows);
}
