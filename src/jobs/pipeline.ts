import { randomUUID } from "node:crypto";
import type { DatabaseHandle } from "../../db/connection.ts";
import type { Logger } from "../log/logger.ts";
import { exporterKind } from "../setup/exporter-kinds.ts";
import type { KindContext } from "../setup/kind.ts";
import type { LoadedSetup } from "../setup/load.ts";
import type { TenantSetup } from "../setup/schema.ts";
import { sourceKind } from "../setup/source-kinds.ts";
import { SyncError } from "../sync/types.ts";
import { ensureTenant } from "../tenancy/ensure-tenant.ts";
import { recordExportRun } from "../../exporters/run-record.ts";
import { recordFailedImport } from "./failed-import.ts";
import { takeApproval } from "./held-runs.ts";
import { withTenantLock } from "./tenant-lock.ts";

export interface ImportStep {
  sourceId: string;
  kind: string;
  /** skipped: the pipeline was interrupted (shutdown) before it began. */
  status: "succeeded" | "stopped" | "failed" | "skipped";
  forced: boolean;
  /** The sync_runs row; null for a skipped step. */
  runId: string | null;
  error?: string;
}

export interface ExportStep {
  exporterId: string;
  kind: string;
  /** skipped: an import failed or was stopped (or the pipeline was interrupted), so this export did not run. */
  status: "succeeded" | "failed" | "skipped";
  /** The export_runs row; absent for a skipped step. */
  runId?: string;
  error?: string;
}

export interface PipelineResult {
  tenantId: string;
  /**
   * succeeded: every import and export did. stopped: the mass-delete guard stopped an import (exports skipped).
   * failed: an import failed (exports skipped) or an export failed. interrupted: a shutdown cut it short.
   */
  status: "succeeded" | "stopped" | "failed" | "interrupted";
  imports: ImportStep[];
  exports: ExportStep[];
  startedAt: Date;
  finishedAt: Date;
}

export interface PipelineOptions {
  database: DatabaseHandle;
  setup: LoadedSetup;
  tenantId: string;
  logger: Logger;
  env?: NodeJS.ProcessEnv;
  /**
   * Asked before each import: true runs it with force (past the mass-delete guard). Absent: forced once when an
   * operator approved the run the guard held last time (takeApproval, which uses the approval up).
   */
  decideForce?: (tenantId: string, sourceId: string) => Promise<boolean>;
  /** Once aborted (a shutdown), no further step begins; the one under way finishes. */
  signal?: AbortSignal;
  now?: () => Date;
}

export class UnknownTenantError extends Error {
  override name = "UnknownTenantError";
}

/** YYYY-MM-DD of an instant in a time zone. */
export function dayIn(timeZone: string, at: Date): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(at);
}

const message = (error: unknown) => (error as Error)?.message ?? String(error);

/**
 * One tenant's pipeline, under the tenant's run lock (TenantBusyError at once when another run holds it: refused,
 * never queued): its sources imported in the setup's order, then its exporters.
 *
 * Every import runs, each in its own transaction. If any of them failed or was stopped by the mass-delete guard, the
 * exports are skipped (never export a half-known state): they are listed as skipped in the result and logged, and
 * write no export run. The failed or stopped import has its run record (sync_runs), including a failure before the
 * sync engine began (recorded here). An export that fails is recorded as failed and the next exporter still runs.
 */
export async function runTenantPipeline(options: PipelineOptions): Promise<PipelineResult> {
  const { database, setup, tenantId } = options;
  const tenant = setup.setup.tenants.find((t) => t.id === tenantId);
  if (!tenant) throw new UnknownTenantError(`the setup ${setup.file} has no tenant "${tenantId}" (it has ${setup.setup.tenants.map((t) => t.id).join(", ")})`);
  return withTenantLock(database, tenantId, `the pipeline of ${setup.file}`, () => runLocked(options, tenant));
}

async function runLocked(options: PipelineOptions, tenant: TenantSetup): Promise<PipelineResult> {
  const { database, setup, signal } = options;
  const now = options.now ?? (() => new Date());
  const startedAt = now();
  const logger = options.logger.child({ tenant: tenant.id, pipeline: randomUUID() });
  const base: KindContext = { tenantId: tenant.id, env: options.env ?? process.env, logger, path: setup.path };
  const today = dayIn(setup.setup.timezone, startedAt);
  logger.info({ sources: tenant.sources.map((s) => s.id), exporters: tenant.exporters.map((e) => e.id) }, "pipeline started");
  // A new tenant starts with the setup's name for it (an existing one keeps the name it has).
  await ensureTenant(database.db, tenant.id, tenant.name);

  const decideForce = options.decideForce ?? ((tenantId: string, sourceId: string) => takeApproval(database.db, tenantId, sourceId));
  let interrupted = false;
  const imports: ImportStep[] = [];
  for (const source of tenant.sources) {
    if (signal?.aborted) {
      interrupted = true;
      imports.push({ sourceId: source.id, kind: source.kind, status: "skipped", forced: false, runId: null, error: "interrupted by shutdown" });
      continue;
    }
    let force = false;
    const stepStarted = new Date();
    try {
      force = await decideForce(tenant.id, source.id);
      const result = await sourceKind(source.kind).run(source, {
        ...base,
        db: database.db,
        personnummer: tenant.personnummer,
        guard: tenant.massDeleteGuard,
        force,
        today,
      });
      const stopped = result.status === "stopped";
      imports.push({ sourceId: source.id, kind: source.kind, status: stopped ? "stopped" : "succeeded", forced: result.forced, runId: result.runId, ...(stopped ? { error: "the mass-delete guard stopped the import; nothing was written" } : {}) });
    } catch (error) {
      // The sync engine records its own failures; one before it began is recorded here, so every failure has a run.
      const runId =
        error instanceof SyncError && error.runId !== null
          ? error.runId
          : await recordFailedImport(database.db, { tenantId: tenant.id, sourceId: source.id, sourceKind: source.kind, error: message(error), startedAt: stepStarted }).catch(
              (recordError: unknown) => (logger.error({ err: recordError, source: source.id }, "could not record the failed import"), null),
            );
      logger.error({ source: source.id, runId, err: error }, "import failed");
      imports.push({ sourceId: source.id, kind: source.kind, status: "failed", forced: force, runId, error: message(error) });
    }
  }

  const blocked = imports.filter((step) => step.status !== "succeeded");
  const exports: ExportStep[] = [];
  if (blocked.length > 0) {
    const why = blocked.map((step) => `import ${step.sourceId} ${step.status}`).join(", ");
    logger.warn({ exporters: tenant.exporters.map((e) => e.id), why }, "exports skipped: an import did not succeed");
    for (const exporter of tenant.exporters) exports.push({ exporterId: exporter.id, kind: exporter.kind, status: "skipped", error: `not run: ${why}` });
  } else {
    for (const exporter of tenant.exporters) {
      if (signal?.aborted) {
        interrupted = true;
        exports.push({ exporterId: exporter.id, kind: exporter.kind, status: "skipped", error: "not run: interrupted by shutdown" });
        continue;
      }
      try {
        const { runId } = await exporterKind(exporter.kind).run(exporter, { ...base, db: database.db, today });
        exports.push({ exporterId: exporter.id, kind: exporter.kind, status: "succeeded", runId });
      } catch (error) {
        const runId = await failedExportRunId(options, tenant.id, exporter, startedAt, error);
        logger.error({ exporter: exporter.id, runId, err: error }, "export failed");
        exports.push({ exporterId: exporter.id, kind: exporter.kind, status: "failed", ...(runId ? { runId } : {}), error: message(error) });
      }
    }
  }

  const status: PipelineResult["status"] = interrupted
    ? "interrupted"
    : [...imports, ...exports].some((s) => s.status === "failed")
      ? "failed"
      : imports.some((s) => s.status === "stopped")
        ? "stopped"
        : "succeeded";
  const result: PipelineResult = { tenantId: tenant.id, status, imports, exports, startedAt, finishedAt: now() };
  logger[status === "succeeded" ? "info" : "warn"]({ status, imports, exports }, "pipeline finished");
  return result;
}

/**
 * The run record a failed export left (exporters record their own runs); one that failed before it made one (say, a
 * school list naming no school of the tenant) is recorded here, so every failure has a run.
 */
async function failedExportRunId(options: PipelineOptions, tenantId: string, exporter: { id: string; kind: string }, since: Date, error: unknown): Promise<string | undefined> {
  const { db } = options.database;
  try {
    const row = await db
      .selectFrom("export_runs")
      .select("id")
      .where("tenant_id", "=", tenantId)
      .where("target_id", "=", exporter.id)
      .where("started_at", ">=", since)
      .orderBy("started_at", "desc")
      .limit(1)
      .executeTakeFirst();
    if (row) return row.id;
    let runId: string | undefined;
    await recordExportRun(db, { tenantId, targetId: exporter.id, dryRun: false }, exporter.kind, async (id) => {
      runId = id;
      throw error;
    }).catch(() => undefined);
    return runId;
  } catch (recordError) {
    options.logger.error({ err: recordError, exporter: exporter.id }, "could not record the failed export");
    return undefined;
  }
}
