import type { Command } from "commander";
import { secretBoxFromSettings } from "../../api/auth/secret-box.ts";
import { BASE_PATH } from "../../api/v1p1/request-context.ts";
import type { CliContext } from "../context.ts";
import { CliError } from "../cli-error.ts";
import { openMigratedDatabase } from "../database.ts";
import { loadSetupForCli } from "./run.ts";
import { parseCount } from "../options.ts";

const DEFAULT_TENANT = "default";

function demoClientLines(url: string, { clientId, clientSecret }: { clientId: string; clientSecret: string }): string[] {
  const token = `curl -s -u ${clientId}:${clientSecret} -d grant_type=client_credentials ${url}/token`;
  return [
    `  demo API client (every scope, tenant ${DEFAULT_TENANT}):`,
    `    client id:     ${clientId}`,
    `    client secret: ${clientSecret}`,
    "  try it (OAuth 2 client credentials):",
    `    curl -s -H "Authorization: Bearer $(${token} | sed -E 's/.*\"access_token\":\"([^\"]+)\".*/\\1/')" "${url}${BASE_PATH}/schools?limit=2"`,
  ];
}

export function registerServe(program: Command, context: CliContext): void {
  program
    .command("serve")
    .description("migrate the database and serve the HTTP API")
    .option("--seed-demo", "load the demo municipality into the default tenant when it has no data")
    .option("--demo-students <n>", "students in the seeded demo municipality", parseCount, 500)
    .option("--demo-seed <n>", "random seed of the seeded demo municipality", parseCount, 1)
    .option("--with-scheduler", "also run the --setup's pipelines on their schedules in this process")
    .option("--setup <file>", "the setup file the scheduler runs (with --with-scheduler)")
    .action(async (options: { seedDemo?: boolean; demoStudents: number; demoSeed: number; withScheduler?: boolean; setup?: string }) => {
      const { settings, logger, out } = context();
      if (options.withScheduler && options.setup === undefined) throw new CliError("--with-scheduler: give the --setup file it runs");
      const setup = options.withScheduler ? await loadSetupForCli(options.setup!) : undefined;
      // Loaded on use: the HTTP stack would slow every other command's start.
      const [{ startServer }, { createResponseCache }, { ensureDemoClient }, { openChangeFeed }, { DEMO_SOURCE_ID, seedDemo, tenantHasData }] = await Promise.all([
        import("../../api/server.ts"),
        import("../../api/v1p1/response-cache.ts"),
        import("../../api/auth/demo-client.ts"),
        import("../../../db/change-feed.ts"),
        import("../../demo/seed.ts"),
      ]);
      const secretBox = secretBoxFromSettings(settings, logger);
      const database = await openMigratedDatabase(settings, logger);
      if (options.seedDemo && !(await tenantHasData(database.db, DEFAULT_TENANT))) {
        const started = Date.now();
        const counts = await seedDemo(database.db, {
          tenantId: DEFAULT_TENANT,
          students: options.demoStudents,
          seed: options.demoSeed,
        });
        logger.info({ tenant: DEFAULT_TENANT, source: DEMO_SOURCE_ID, counts, ms: Date.now() - started }, "demo seeded");
      }
      const changeFeed = await openChangeFeed(database, { logger });
      const responseCache = createResponseCache({ maxBytes: settings.RESPONSE_CACHE_MB * 1024 * 1024, changeFeed, logger });
      const server = await startServer({ database, logger, secretBox, settings, host: settings.HOST, port: settings.PORT, responseCache });
      const scheduler = setup ? (await import("../../jobs/scheduler.ts")).startScheduler({ database, setup, logger }) : undefined;
      // Stop accepting at once, let requests in flight finish (up to SHUTDOWN_TIMEOUT_MS), then close the database.
      // Registered before the banner: a caller may signal as soon as it reads it.
      const shutdown = async (signal: string) => {
        logger.info({ signal, timeoutMs: settings.SHUTDOWN_TIMEOUT_MS }, "shutting down");
        const schedulerStopped = scheduler?.stop(settings.SHUTDOWN_TIMEOUT_MS);
        // Closing the database waits for connections still checked out; do not wait on that forever.
        setTimeout(() => {
          logger.error("shutdown did not finish in time; exiting");
          process.exit(1);
        }, settings.SHUTDOWN_TIMEOUT_MS + 5_000).unref();
        let timer: NodeJS.Timeout | undefined;
        const drained = await Promise.race([
          server.close().then(
            () => true,
            (error: unknown) => (logger.warn({ err: error }, "closing the HTTP server failed"), true),
          ),
          new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), settings.SHUTDOWN_TIMEOUT_MS))),
        ]);
        clearTimeout(timer);
        if (!drained) logger.warn({ timeoutMs: settings.SHUTDOWN_TIMEOUT_MS }, "requests still in flight at the shutdown timeout are cut off");
        // A run the scheduler could not finish in time is marked interrupted; exiting rolls its transaction back.
        if (schedulerStopped && !(await schedulerStopped)) process.exit(1);
        try {
          responseCache.close();
          await changeFeed.close();
          await database.close();
        } catch (error) {
          logger.error({ err: error }, "closing the database failed");
          process.exit(1);
        }
        logger.info("shut down");
        process.exit(0);
      };
      process.once("SIGINT", () => void shutdown("SIGINT"));
      process.once("SIGTERM", () => void shutdown("SIGTERM"));
      for (const t of scheduler?.tenants ?? []) out(`  schedule: tenant ${t.tenantId} "${t.schedule}" (${t.timezone}), next run ${t.nextRun()?.toISOString() ?? "never"}`);
      out(`OneRoster server listening on ${server.url}`);
      out(`  health:   ${server.url}/health  (readiness: ${server.url}/ready)`);
      out(`  API:      ${server.url}${BASE_PATH}  (docs: ${server.url}/docs)`);
      out(`  database: ${database.engine} (${database.location})`);
      if (options.seedDemo) {
        const demo = await ensureDemoClient(database.db, secretBox, DEFAULT_TENANT);
        for (const line of demoClientLines(server.url, demo)) out(line);
      }
    });
}
