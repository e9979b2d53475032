import type { Command } from "commander";
import { listRuns, type SyncRun } from "../../sync/run-record.ts";
import type { CliContext } from "../context.ts";
import { withMigratedDatabase } from "../database.ts";
import { parseCount, parseTenantId } from "../options.ts";

function seconds(run: SyncRun): string {
  return run.finishedAt ? `${((run.finishedAt.getTime() - run.startedAt.getTime()) / 1000).toFixed(1)} s` : "still running";
}

/** A header line per run, then one line per entity it touched, its warnings and its error. */
export function describeRun(run: SyncRun): string[] {
  const lines = [
    `${run.startedAt.toISOString()}  ${run.status}${run.forced ? " (forced)" : ""}  ${run.sourceId} (${run.sourceKind})  ${run.mode}  ${seconds(run)}  run ${run.id}`,
  ];
  for (const [entity, c] of Object.entries(run.counts)) {
    if (!c || c.created + c.updated + c.unchanged + c.removed + c.skipped === 0) continue;
    lines.push(`  ${entity}: ${c.created} created, ${c.updated} updated, ${c.unchanged} unchanged, ${c.removed} removed, ${c.skipped} skipped`);
  }
  if (run.warningCount > 0) {
    lines.push(`  warnings: ${run.warningCount}`);
    for (const w of run.warnings.slice(0, 5)) lines.push(`    ${w.entity} ${w.sourcedId ?? "(no sourcedId)"}: ${w.why}`);
  }
  if (run.error) lines.push(`  error: ${run.error}`);
  return lines;
}

/** `oneroster runs --tenant T [--json]`: the tenant's import runs, newest first. */
export function registerRuns(program: Command, context: CliContext): void {
  program
    .command("runs")
    .description("show import/export run history")
    .requiredOption("--tenant <id>", "the tenant whose runs to show", parseTenantId)
    .option("--limit <n>", "how many runs, newest first", parseCount, 20)
    .option("--json", "print a JSON array")
    .action(async (options: { tenant: string; limit: number; json?: boolean }) => {
      const { settings, logger, out } = context();
      await withMigratedDatabase(settings, logger, async (database) => {
        const runs = await listRuns(database.db, options.tenant, options.limit);
        if (options.json) return out(JSON.stringify(runs));
        if (runs.length === 0) return out(`no runs for tenant ${options.tenant}`);
        for (const run of runs) for (const line of describeRun(run)) out(line);
      });
    });
}
