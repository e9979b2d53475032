import { sql, type Kysely } from "kysely";
import type { Database } from "../../../db/schema.ts";

export interface RunTable {
  table: "sync_runs" | "export_runs";
  /** The metric names' word, and the column (and label) naming what ran: import/source_id/source, export/target_id/target. */
  noun: "import" | "export";
  column: "source_id" | "target_id";
  label: "source" | "target";
}

export const RUN_TABLES: RunTable[] = [
  { table: "sync_runs", noun: "import", column: "source_id", label: "source" },
  { table: "export_runs", noun: "export", column: "target_id", label: "target" },
];

export interface RunTotal {
  tenant_id: string;
  name: string;
  status: string;
  runs: number;
}

export interface LastRun {
  tenant_id: string;
  name: string;
  started_at: Date | string;
  finished_at: Date | string;
  counts: unknown;
}

export interface RunTableSnapshot {
  totals: RunTotal[];
  lastFinished: LastRun[];
  lastSucceeded: LastRun[];
}

/**
 * Runs started this long ago are counted once and then kept in memory: a run's status is final by then (a run still
 * "running" after two days is a crashed one, and stays counted so). Newer runs are counted again on every read.
 */
export const LIVE_WINDOW_MS = 2 * 24 * 3600 * 1000;

const keyOf = (row: { tenant_id: string; name: string; status: string }) => JSON.stringify([row.tenant_id, row.name, row.status]);

/**
 * Reads a run table for the metrics, cheaply as it grows: run counts per tenant, source/target and status are summed
 * once for runs older than LIVE_WINDOW_MS and incrementally after, each range read per tenant over the
 * (tenant_id, started_at) index; the latest finished and succeeded run of each tenant's source/target is one
 * backward index probe (LIMIT 1) per pair. Not safe for overlapping calls: the caller serializes them.
 */
export function runTableReader(db: Kysely<Database>, { table, column }: RunTable, now: () => Date) {
  const frozen = new Map<string, RunTotal>();
  let horizon: Date | undefined;

  const countRange = async (from: Date | undefined, to: Date | undefined): Promise<RunTotal[]> => {
    const { rows } = await sql<{ tenant_id: string; name: string; status: string; runs: string | number }>`
      select t.id as tenant_id, r.name, r.status, count(*) as runs
      from tenants t cross join lateral (
        select ${sql.ref(column)} as name, status from ${sql.table(table)} r
        where r.tenant_id = t.id
          ${from ? sql`and r.started_at >= ${from.toISOString()}` : sql``}
          ${to ? sql`and r.started_at < ${to.toISOString()}` : sql``}
      ) r
      group by t.id, r.name, r.status`.execute(db);
    return rows.map((row) => ({ ...row, runs: Number(row.runs) }));
  };

  const latest = async (pairs: { tenant_id: string; name: string }[], statuses: string[]): Promise<LastRun[]> => {
    if (pairs.length === 0) return [];
    const { rows } = await sql<LastRun>`
      select p.tenant_id, p.name, last.started_at, last.finished_at, last.counts
      from jsonb_to_recordset(${JSON.stringify(pairs)}::jsonb) as p(tenant_id text, name text)
      cross join lateral (
        select started_at, finished_at, counts from ${sql.table(table)} r
        where r.tenant_id = p.tenant_id and r.${sql.ref(column)} = p.name
          and r.status in (${sql.join(statuses)}) and r.finished_at is not null
        order by r.started_at desc limit 1
      ) last`.execute(db);
    return rows;
  };

  return async function read(): Promise<RunTableSnapshot> {
    const next = new Date(now().getTime() - LIVE_WINDOW_MS);
    if (!horizon || next > horizon) {
      for (const row of await countRange(horizon, next)) {
        const key = keyOf(row);
        frozen.set(key, { ...row, runs: (frozen.get(key)?.runs ?? 0) + row.runs });
      }
      horizon = next;
    }
    const totals = new Map([...frozen].map(([key, row]) => [key, { ...row }]));
    for (const row of await countRange(horizon, undefined)) {
      const key = keyOf(row);
      totals.set(key, { ...row, runs: (totals.get(key)?.runs ?? 0) + row.runs });
    }
    const pairs = [...new Map([...totals.values()].map(({ tenant_id, name }) => [JSON.stringify([tenant_id, name]), { tenant_id, name }])).values()];
    const [lastFinished, lastSucceeded] = await Promise.all([latest(pairs, ["succeeded", "failed", "stopped"]), latest(pairs, ["succeeded"])]);
    return { totals: [...totals.values()], lastFinished, lastSucceeded };
  };
}
