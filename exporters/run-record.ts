import { randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import type { Database, ExportRunStatus, JsonObject } from "../db/schema.ts";
import type { ExportContext, ExportCounts, ExportOutcome, ExportWarning } from "./contract.ts";

/** How many warnings a run record keeps; warning_count says how many there were. */
const KEPT_WARNINGS = 100;

export interface ExportRun {
  id: string;
  tenantId: string;
  targetId: string;
  targetKind: string;
  status: ExportRunStatus;
  startedAt: Date;
  finishedAt: Date | null;
  counts: ExportCounts;
  warnings: ExportWarning[];
  warningCount: number;
  error: string | null;
}

/**
 * Runs `work` as one recorded export run: a "running" row first, then succeeded (or dry-run) with the outcome's counts
 * and warnings, or failed with the error, which is rethrown.
 */
export async function recordExportRun(
  db: Kysely<Database>,
  context: Pick<ExportContext, "tenantId" | "targetId" | "dryRun" | "logger">,
  targetKind: string,
  work: (runId: string) => Promise<ExportOutcome>,
): Promise<{ runId: string; outcome: ExportOutcome }> {
  const id = randomUUID();
  const { tenantId, targetId, logger } = context;
  await db
    .insertInto("export_runs")
    .values({ tenant_id: tenantId, id, target_id: targetId, target_kind: targetKind, status: "running", started_at: new Date() })
    .execute();
  logger?.info({ tenant: tenantId, target: targetId, kind: targetKind, runId: id, dryRun: context.dryRun }, "export started");
  try {
    const outcome = await work(id);
    await finish(db, tenantId, id, context.dryRun ? "dry-run" : "succeeded", outcome);
    logger?.info({ tenant: tenantId, target: targetId, runId: id, counts: outcome.counts, warnings: outcome.warnings.length }, "export finished");
    return { runId: id, outcome };
  } catch (error) {
    const message = (error as Error)?.message ?? String(error);
    await finish(db, tenantId, id, "failed", { counts: {}, warnings: [] }, message).catch((recordError: unknown) =>
      logger?.error({ err: recordError, runId: id }, "could not record the failed export run"),
    );
    logger?.error({ tenant: tenantId, target: targetId, runId: id, err: error }, "export failed");
    throw error;
  }
}

async function finish(
  db: Kysely<Database>,
  tenantId: string,
  id: string,
  status: Exclude<ExportRunStatus, "running">,
  outcome: ExportOutcome,
  error?: string,
): Promise<void> {
  await db
    .updateTable("export_runs")
    .set({
      status,
      finished_at: new Date(),
      counts: outcome.counts as unknown as JsonObject,
      warnings: JSON.stringify(outcome.warnings.slice(0, KEPT_WARNINGS)),
      warning_count: outcome.warnings.length,
      error: error ?? null,
    })
    .where("tenant_id", "=", tenantId)
    .where("id", "=", id)
    .execute();
}

/** A tenant's export runs, newest first. */
export async function listExportRuns(db: Kysely<Database>, tenantId: string, limit = 20): Promise<ExportRun[]> {
  const rows = await db
    .selectFrom("export_runs")
    .selectAll()
    .where("tenant_id", "=", tenantId)
    .orderBy("started_at", "desc")
    .orderBy("id")
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    tenantId: r.tenant_id,
    targetId: r.target_id,
    targetKind: r.target_kind,
    status: r.status,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    counts: r.counts as unknown as ExportCounts,
    warnings: r.warnings as unknown as ExportWarning[],
    warningCount: r.warning_count,
    error: r.error,
  }));
}
