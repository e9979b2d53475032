import type { Kysely } from "kysely";
import { Counter, Gauge, type Registry } from "prom-client";
import type { Database } from "../../../db/schema.ts";
import type { Logger } from "../../log/logger.ts";
import { RUN_TABLES, runTableReader, type RunTable, type RunTableSnapshot } from "./run-table-reader.ts";

/** Counts that are not changes: everything else (created, updated, removed, written, archived …) is. */
const NOT_CHANGES = new Set(["unchanged", "skipped"]);

/** Rows changed per entity of a run's counts ({users: {created: 3, unchanged: 10}} → {users: 3}). */
export function rowsChanged(counts: unknown): Map<string, number> {
  const changed = new Map<string, number>();
  if (!counts || typeof counts !== "object") return changed;
  for (const [entity, perKind] of Object.entries(counts)) {
    if (!perKind || typeof perKind !== "object") continue;
    let total = 0;
    for (const [kind, value] of Object.entries(perKind)) if (!NOT_CHANGES.has(kind) && typeof value === "number") total += value;
    changed.set(entity, total);
  }
  return changed;
}

const seconds = (value: Date | string) => new Date(value).getTime() / 1000;

/**
 * Run metrics read from the run tables on each scrape, so runs made by any process (the scheduler service, a CLI) show
 * on every server. See run-table-reader.ts for how the reads stay cheap as the tables grow.
 */
function registerRunTableMetrics(registry: Registry, db: Kysely<Database>, logger: Logger, runTable: RunTable, now: () => Date): void {
  const { table, noun, label } = runTable;
  const read = runTableReader(db, runTable, now);

  // One read per scrape, shared by the four metrics below (each collect() is called once per scrape).
  let pending: Promise<RunTableSnapshot> | undefined;
  const snapshot = () => {
    // Also keeps reads from overlapping: a scrape arriving during a read gets that read's result.
    pending ??= read()
      .catch((error: unknown) => {
        logger.warn({ err: error, table }, "run metrics could not be read");
        throw error;
      })
      .finally(() => setImmediate(() => (pending = undefined)));
    return pending;
  };
  /** Refills a metric from the snapshot; when the database does not answer, the metric is left empty, not stale. */
  const fillFrom = (metric: () => { reset(): void }, fill: (rows: RunTableSnapshot) => void) => async () => {
    metric().reset();
    const rows = await snapshot().catch(() => undefined);
    if (rows) fill(rows);
  };

  const runs: Counter = new Counter({
    name: `oneroster_${noun}_runs_total`,
    help: `${noun} runs recorded in ${table}, by tenant, ${label} and status`,
    labelNames: ["tenant", label, "status"],
    registers: [registry],
    collect: fillFrom(() => runs, ({ totals }) => {
      for (const row of totals) runs.inc({ tenant: row.tenant_id, [label]: row.name, status: row.status }, row.runs);
    }),
  });
  const duration: Gauge = new Gauge({
    name: `oneroster_last_${noun}_duration_seconds`,
    help: `Duration of the latest finished ${noun} run (succeeded, failed or stopped), by tenant and ${label}`,
    labelNames: ["tenant", label],
    registers: [registry],
    collect: fillFrom(() => duration, ({ lastFinished }) => {
      for (const run of lastFinished) duration.set({ tenant: run.tenant_id, [label]: run.name }, seconds(run.finished_at) - seconds(run.started_at));
    }),
  });
  const changedRows: Gauge = new Gauge({
    name: `oneroster_last_${noun}_rows_changed`,
    help: `Rows changed (all but unchanged and skipped) per entity by the latest succeeded ${noun} run, by tenant and ${label}`,
    labelNames: ["tenant", label, "entity"],
    registers: [registry],
    collect: fillFrom(() => changedRows, ({ lastSucceeded }) => {
      for (const run of lastSucceeded) {
        for (const [entity, changed] of rowsChanged(run.counts)) changedRows.set({ tenant: run.tenant_id, [label]: run.name, entity }, changed);
      }
    }),
  });
  const lastSuccess: Gauge = new Gauge({
    name: `oneroster_last_${noun}_success_timestamp_seconds`,
    help: `When the latest succeeded ${noun} run finished (Unix time), by tenant and ${label}`,
    labelNames: ["tenant", label],
    registers: [registry],
    collect: fillFrom(() => lastSuccess, ({ lastSucceeded }) => {
      for (const run of lastSucceeded) lastSuccess.set({ tenant: run.tenant_id, [label]: run.name }, seconds(run.finished_at));
    }),
  });
}

export function registerRunMetrics(registry: Registry, db: Kysely<Database>, logger: Logger, now: () => Date = () => new Date()): void {
  for (const table of RUN_TABLES) registerRunTableMetrics(registry, db, logger, table, now);
}
