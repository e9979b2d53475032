import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import type { Exporter, ExportContext, ExportOutcome } from "../contract.ts";
import { recordExportRun } from "../run-record.ts";
import { applyClassroomPlan } from "./apply.ts";
import type { BatchOptions } from "./batch.ts";
import type { ClassroomClient } from "./client.ts";
import { readClassroomState, writeClassroomState } from "./export-state.ts";
import { planClassroomExport, type ClassroomPlan, type ClassroomRemoteState } from "./plan.ts";
import { planCounts } from "./plan-summary.ts";
import { readRemoteState } from "./remote.ts";
import type { ClassroomSettings } from "./settings.ts";
import { readClassroomSnapshot, type ClassroomSnapshot } from "./snapshot.ts";

export type ClassroomExporter = Exporter<ClassroomSnapshot, ClassroomRemoteState, ClassroomPlan, ClassroomClient>;

export function batchOptions(settings: ClassroomSettings, overrides: Partial<BatchOptions> = {}): BatchOptions {
  return { batchSize: settings.batchSize, maxRetries: settings.maxRetries, backoffBaseMs: settings.backoffBaseMs, backoffMaxMs: settings.backoffMaxMs, ...overrides };
}

/** The Exporter for one Classroom target: plan is pure; apply records export_state in `db` as it goes. */
export function createClassroomExporter(db: Kysely<Database>, settings: ClassroomSettings, batch: BatchOptions = batchOptions(settings)): ClassroomExporter {
  return {
    kind: "classroom",
    plan: (snapshot, remote) => planClassroomExport(snapshot, remote, settings),
    apply: (plan, client, context) =>
      applyClassroomPlan(plan, client, context, { settings, batch, record: (writes) => writeClassroomState(db, context.tenantId, context.targetId, writes) }),
  };
}

export interface ClassroomExportOptions {
  client: ClassroomClient;
  /** YYYY-MM-DD; terms that ended before it are over. */
  today: string;
  /** Waits of backoff and Retry-After; tests pass a recording one. */
  sleep?: (ms: number) => Promise<void>;
}

export interface ClassroomExportResult {
  runId: string;
  plan: ClassroomPlan;
  outcome: ExportOutcome;
  /** GET calls made to plan (user, course and roster look-ups). */
  reads: number;
  /** Milliseconds per step: read (database and export_state), remote (Classroom reads), plan, apply. */
  timings: Record<string, number>;
}

/**
 * One recorded run: read the tenant and export_state, read from Classroom only what the state cannot answer, plan,
 * and (unless a dry run) apply. A dry run writes nothing to Classroom and no export_state; it records a "dry-run" run.
 */
export async function runClassroomExport(
  db: Kysely<Database>,
  settings: ClassroomSettings,
  context: ExportContext,
  options: ClassroomExportOptions,
): Promise<ClassroomExportResult> {
  const batch = batchOptions(settings, options.sleep ? { sleep: options.sleep } : {});
  const exporter = createClassroomExporter(db, settings, batch);
  let plan: ClassroomPlan = { changes: [], warnings: [] };
  let reads = 0;
  const timings: Record<string, number> = {};
  let lap = performance.now();
  const time = (step: string) => {
    const now = performance.now();
    timings[step] = Math.round(now - lap);
    lap = now;
  };
  const { runId, outcome } = await recordExportRun(db, context, exporter.kind, async () => {
    context.onProgress?.({ step: "reading", done: 0 });
    const [snapshot, state] = await Promise.all([
      readClassroomSnapshot(db, context.tenantId, settings, options.today),
      readClassroomState(db, context.tenantId, context.targetId),
    ]);
    time("read");
    const remote = await readRemoteState(options.client, snapshot, state, settings, batch);
    reads = remote.reads;
    time("remote");
    plan = exporter.plan(snapshot, remote.remote);
    time("plan");
    context.logger?.info({ tenant: context.tenantId, target: context.targetId, reads, changes: plan.changes.length, timings }, "classroom export planned");
    if (context.dryRun) return { counts: planCounts(plan), warnings: plan.warnings };
    await writeClassroomState(db, context.tenantId, context.targetId, remote.userWrites);
    const outcome = await exporter.apply(plan, options.client, context);
    time("apply");
    return outcome;
  });
  return { runId, plan, outcome, reads, timings };
}
