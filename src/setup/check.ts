import { sql } from "kysely";
import { openDatabase } from "../../db/connection.ts";
import type { Settings } from "../config/env.ts";
import type { Logger } from "../log/logger.ts";
import { exporterKind } from "./exporter-kinds.ts";
import type { Check } from "./kind.ts";
import type { LoadedSetup } from "./load.ts";
import { sourceKind } from "./source-kinds.ts";

export interface CheckLine {
  ok: boolean;
  /** What was checked, e.g. "exempelby source sis (ss12000): token". */
  what: string;
  /** What was found, or why it failed. */
  detail: string;
}

/** How long one check may take before it counts as failed. */
const CHECK_TIMEOUT_MS = 30_000;

async function attempt(what: string, check: () => Promise<string>): Promise<CheckLine> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const detail = await Promise.race([
      check(),
      new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS / 1000} s`)), CHECK_TIMEOUT_MS))),
    ]);
    return { ok: true, what, detail };
  } catch (error) {
    return { ok: false, what, detail: ((error as Error)?.message ?? String(error)).split("\n")[0]! };
  } finally {
    clearTimeout(timer);
  }
}

/** The database the process is configured with answers (opened as the server would, but not migrated). */
async function checkDatabase(settings: Settings): Promise<string> {
  const database = await openDatabase(settings.DATABASE_URL ? { databaseUrl: settings.DATABASE_URL, poolSize: 1 } : { dataDir: settings.DATA_DIR });
  try {
    await sql`select 1`.execute(database.db);
    return `${database.engine} (${database.location}) answers`;
  } finally {
    await database.close();
  }
}

/**
 * Tests every connection of a validated setup, one line per check, in the setup's order: the database, then per
 * tenant each source's and each exporter's checks. Checks run one after another, so the output reads like the setup.
 */
export async function checkSetup(loaded: LoadedSetup, settings: Settings, options: { env?: NodeJS.ProcessEnv; logger: Logger }): Promise<CheckLine[]> {
  const env = options.env ?? process.env;
  const lines: CheckLine[] = [await attempt("database", () => checkDatabase(settings))];
  for (const tenant of loaded.setup.tenants) {
    const context = { tenantId: tenant.id, env, logger: options.logger, path: loaded.path };
    const named: Array<{ label: string; checks: Check[] }> = [
      ...tenant.sources.map((source) => ({ label: `${tenant.id} source ${source.id} (${source.kind})`, checks: sourceKind(source.kind).checks(source, context) })),
      ...tenant.exporters.map((exporter) => ({ label: `${tenant.id} exporter ${exporter.id} (${exporter.kind})`, checks: exporterKind(exporter.kind).checks(exporter, context) })),
    ];
    for (const { label, checks } of named) for (const check of checks) lines.push(await attempt(`${label}: ${check.what}`, check.run));
  }
  return lines;
}

/** `ok    what: detail` / `FAIL  what: detail`. */
export function formatCheckLine(line: CheckLine): string {
  return `${line.ok ? "ok  " : "FAIL"}  ${line.what}: ${line.detail}`;
}
