import type { Command } from "commander";
import type { PipelineResult } from "../../jobs/pipeline.ts";
import type { LoadedSetup } from "../../setup/load.ts";
import { CliError } from "../cli-error.ts";
import type { CliContext } from "../context.ts";
import { openMigratedDatabase } from "../database.ts";
import { parseTenantId } from "../options.ts";

interface RunOptions {
  setup: string;
  now?: boolean;
  tenant?: string;
}

/** The setup, or its problems as one CLI error (one `file:line: path: why` per line). */
export async function loadSetupForCli(file: string): Promise<LoadedSetup> {
  // Loaded on use: the setup's kinds bring every importer and exporter, which other commands do not need.
  const { loadSetup, SetupError } = await import("../../setup/load.ts");
  return loadSetup(file).catch((error: unknown) => {
    throw error instanceof SetupError ? new CliError(`the setup cannot be used:\n${error.problems.join("\n")}`) : error;
  });
}

/** One line per step of a pipeline. */
export function describePipeline(result: PipelineResult): string[] {
  const seconds = ((result.finishedAt.getTime() - result.startedAt.getTime()) / 1000).toFixed(1);
  return [
    `tenant ${result.tenantId}: ${result.status} in ${seconds} s`,
    ...result.imports.map((s) => `  import ${s.sourceId} (${s.kind}): ${s.status}${s.forced ? " (forced)" : ""}${s.runId ? `, run ${s.runId}` : ""}${s.error ? `: ${s.error}` : ""}`),
    ...result.exports.map((s) => `  export ${s.exporterId} (${s.kind}): ${s.status}${s.runId ? `, run ${s.runId}` : ""}${s.error ? `: ${s.error}` : ""}`),
  ];
}

/**
 * `oneroster run --setup F`: the scheduler (long-running; SIGTERM/SIGINT stop it gracefully), or with --now each
 * tenant's (or --tenant's) pipeline once, the exit code saying whether every one succeeded.
 */
export function registerRun(program: Command, context: CliContext): void {
  program
    .command("run")
    .description("run a setup's pipelines on their schedules, or once with --now")
    .requiredOption("--setup <file>", "the setup file (YAML)")
    .option("--now", "run the pipeline(s) once, now, and exit (0 only when every one succeeded)")
    .option("--tenant <id>", "only this tenant of the setup", parseTenantId)
    .action(async (options: RunOptions) => {
      const { settings, logger, out } = context();
      const loaded = await loadSetupForCli(options.setup);
      if (options.tenant !== undefined && !loaded.setup.tenants.some((t) => t.id === options.tenant)) {
        throw new CliError(`--tenant: the setup ${options.setup} has no tenant "${options.tenant}" (it has ${loaded.setup.tenants.map((t) => t.id).join(", ")})`);
      }
      const tenantIds = options.tenant !== undefined ? [options.tenant] : loaded.setup.tenants.map((t) => t.id);
      const [{ markRunsInterrupted }, { runTenantPipeline, UnknownTenantError }, { startScheduler }, { TenantBusyError }] = await Promise.all([
        import("../../jobs/interrupted-runs.ts"),
        import("../../jobs/pipeline.ts"),
        import("../../jobs/scheduler.ts"),
        import("../../jobs/tenant-lock.ts"),
      ]);
      const database = await openMigratedDatabase(settings, logger);
      const timeoutMs = settings.SHUTDOWN_TIMEOUT_MS;

      if (!options.now) {
        const scheduler = startScheduler({ database, setup: loaded, logger, tenantIds });
        const shutdown = async (signal: string) => {
          logger.info({ signal, timeoutMs }, "scheduler shutting down");
          const finished = await scheduler.stop(timeoutMs);
          // Unfinished: exit without waiting on the connections still in use; Postgres rolls their transactions back.
          if (!finished) process.exit(1);
          await database.close();
          logger.info("scheduler shut down");
          process.exit(0);
        };
        // Listening before saying so: a signal sent as soon as the line is read must find its handler.
        process.once("SIGINT", () => void shutdown("SIGINT"));
        process.once("SIGTERM", () => void shutdown("SIGTERM"));
        for (const t of scheduler.tenants) out(`tenant ${t.tenantId}: "${t.schedule}" (${t.timezone}), next run ${t.nextRun()?.toISOString() ?? "never"}`);
        out("scheduler running; SIGTERM or SIGINT stops it");
        return;
      }

      const controller = new AbortController();
      const startedAt = new Date();
      let current: string | undefined;
      const onSignal = (signal: string) => {
        logger.warn({ signal, tenant: current, timeoutMs }, "stopping after the step under way");
        controller.abort();
        setTimeout(() => {
          void (async () => {
            if (current) await markRunsInterrupted(database.db, current, startedAt, `interrupted: ${signal} before the run finished (an import under way is rolled back)`).catch(() => 0);
            process.exit(1);
          })();
        }, timeoutMs).unref();
      };
      process.once("SIGINT", onSignal);
      process.once("SIGTERM", onSignal);
      const unsuccessful: string[] = [];
      try {
        for (const tenantId of tenantIds) {
          current = tenantId;
          try {
            const result = await runTenantPipeline({ database, setup: loaded, tenantId, logger, signal: controller.signal });
            for (const line of describePipeline(result)) out(line);
            if (result.status !== "succeeded") unsuccessful.push(`${tenantId} ${result.status}`);
          } catch (error) {
            if (!(error instanceof TenantBusyError || error instanceof UnknownTenantError)) throw error;
            process.stderr.write(`error: ${error.message}\n`);
            unsuccessful.push(`${tenantId} refused`);
          }
        }
      } finally {
        process.off("SIGINT", onSignal);
        process.off("SIGTERM", onSignal);
        await database.close();
      }
      if (unsuccessful.length > 0) throw new CliError(`not every pipeline succeeded: ${unsuccessful.join(", ")}`);
    });
}
