import { randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import type { Database, JsonObject, SyncRunStatus } from "../../db/schema.ts";
import type { EntityName } from "../model/canonical.ts";
import type { EntityCounts, SyncWarning } from "./types.ts";

export interface SyncRun {
  id: string;
  tenantId: string;
  sourceId: string;
  sourceKind: string;
  mode: "full" | "delta";
  status: SyncRunStatus;
  forced: boolean;
  startedAt: Date;
  finishedAt: Date | null;
  counts: Partial<Record<EntityName, EntityCounts>>;
  warnings: SyncWarning[];
  warningCount: number;
  error: string | null;
}

/** Records that a run began; written outside the run's transaction so it survives a rollback. */
export async function startRun(
  db: Kysely<Database>,
  run: { tenantId: string; sourceId: string; sourceKind: string; mode: "full" | "delta"; forced: boolean; startedAt: Date },
): Promise<string> {
  const id = randomUUID();
  await db
    .insertInto("sync_runs")
    .values({
      tenant_id: run.tenantId,
      id,
      source_id: run.sourceId,
      source_kind: run.sourceKind,
      mode: run.mode,
      status: "running",
      forced: run.forced,
      started_at: run.startedAt,
    })
    .execute();
  return id;
}

export async function finishRun(
  db: Kysely<Database>,
  tenantId: string,
  id: string,
  outcome: {
    status: Exclude<SyncRunStatus, "running">;
    counts: Partial<Record<EntityName, EntityCounts>>;
    warnings: SyncWarning[];
    warningCount: number;
    error?: string;
    finishedAt: Date;
  },
): Promise<void> {
  await db
    .updateTable("sync_runs")
    .set({
      status: outcome.status,
      finished_at: outcome.finishedAt,
      counts: outcome.counts as unknown as JsonObject,
      warnings: JSON.stringify(outcome.warnings),
      warning_count: outcome.warningCount,
      error: outcome.error ?? null,
    })
    .where("tenant_id", "=", tenantId)
    .where("id", "=", id)
    .execute();
}

/** A tenant's runs, newest first. */
export async function listRuns(db: Kysely<Database>, tenantId: string, limit = 20): Promise<SyncRun[]> {
  const rows = await db
    .selectFrom("sync_runs")
    .selectAll()
    .where("tenant_id", "=", tenantId)
    .orderBy("started_at", "desc")
    .orderBy("id")
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    tenantId: r.tenant_id,
    sourceId: r.source_id,
    sourceKind: r.source_kind,
    mode: r.mode,
    status: r.status,
    forced: r.forced,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    counts: r.counts as unknown as SyncRun["counts"],
    warnings: r.warnings as unknown as SyncWarning[],
    warningCount: r.warning_count,
    error: r.error,
  }));
}
