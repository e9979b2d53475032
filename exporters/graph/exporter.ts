import type { Client } from "@microsoft/microsoft-graph-client";
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import type { Exporter, ExportContext, ExportOutcome } from "../contract.ts";
import { recordExportRun } from "../run-record.ts";
import { applyGraphPlan } from "./apply.ts";
import type { BatchOptions } from "./batch.ts";
import { readGraphState, writeGraphState } from "./export-state.ts";
import { planGraphExport, type GraphPlan, type GraphRemoteState } from "./plan.ts";
import { planCounts } from "./plan-summary.ts";
import { readRemoteState } from "./remote.ts";
import type { GraphSettings } from "./settings.ts";
import { readGraphSnapshot, type GraphSnapshot } from "./snapshot.ts";

export type GraphExporter = Exporter<GraphSnapshot, GraphRemoteState, GraphPlan, Client>;

/** The Exporter for one Graph target: plan is pure; apply records export_state in `db` as it goes. */
export function createGraphExporter(db: Kysely<Database>, settings: GraphSettings, batch: BatchOptions = { maxRetries: settings.maxRetries }): GraphExporter {
  return {
    kind: "graph",
    plan: (snapshot, remote) => planGraphExport(snapshot, remote, settings),
    apply: (plan, client, context) =>
      applyGraphPlan(plan, client, context, {
        settings,
        batch,
        record: (writes) => writeGraphState(db, context.tenantId, context.targetId, writes),
      }),
  };
}

export interface GraphExportOptions {
  client: Client;
  /** YYYY-MM-DD; terms that ended before it are over. */
  today: string;
  /** Waits for throttling and team retries; tests pass a recording one. */
  sleep?: (ms: number) => Promise<void>;
}

export interface GraphExportResult {
  runId: string;
  plan: GraphPlan;
  outcome: ExportOutcome;
  /** GET requests made to plan (user, class, membership and team look-ups). */
  reads: number;
  /** Milliseconds per step: snapshot (database), state (export_state), remote (Graph reads), plan, apply. */
  timings: Record<string, number>;
}

/**
 * One recorded run: read the tenant, read export_state, read from Graph only what the state cannot answer, plan, and
 * (unless a dry run) apply. A dry run writes nothing to Graph and no export_state; it records a "dry-run" run.
 */
export async function runGraphExport(
  db: Kysely<Database>,
  settings: GraphSettings,
  context: ExportContext,
  options: GraphExportOptions,
): Promise<GraphExportResult> {
  const batch: BatchOptions = { maxRetries: settings.maxRetries, ...(options.sleep ? { sleep: options.sleep } : {}) };
  const exporter = createGraphExporter(db, settings, batch);
  let plan: GraphPlan = { changes: [], groups: [], warnings: [] };
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
      readGraphSnapshot(db, context.tenantId, settings, options.today),
      readGraphState(db, context.tenantId, context.targetId),
    ]);
    time("read");
    const remote = await readRemoteState(options.client, snapshot, state, settings, batch);
    reads = remote.reads;
    time("remote");
    plan = exporter.plan(snapshot, remote.remote);
    time("plan");
    context.logger?.info({ tenant: context.tenantId, target: context.targetId, reads, changes: plan.changes.length, timings }, "graph export planned");
    if (context.dryRun) return { counts: planCounts(plan), warnings: plan.warnings };
    await writeGraphState(db, context.tenantId, context.targetId, remote.userWrites);
    const outcome = await exporter.apply(plan, options.client, context);
    time("apply");
    return outcome;
  });
  return { runId, plan, outcome, reads, timings };
}
