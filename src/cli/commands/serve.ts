import type { Command } from "commander";
import { startServer } from "../../api/server.ts";
import { DEMO_SOURCE_ID, seedDemo, tenantHasData } from "../../demo/seed.ts";
import type { CliContext } from "../context.ts";
import { openMigratedDatabase } from "../database.ts";
import { parseCount } from "../options.ts";

const DEFAULT_TENANT = "default";

export function registerServe(program: Command, context: CliContext): void {
  program
    .command("serve")
    .description("migrate the database and serve the HTTP API")
    .option("--seed-demo", "load the demo municipality into the default tenant when it has no data")
    .option("--demo-students <n>", "students in the seeded demo municipality", parseCount, 500)
    .option("--demo-seed <n>", "random seed of the seeded demo municipality", parseCount, 1)
    .action(async (options: { seedDemo?: boolean; demoStudents: number; demoSeed: number }) => {
      const { settings, logger, out } = context();
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
      const server = await startServer({ database, logger, host: settings.HOST, port: settings.PORT });
      out(`OneRoster server listening on ${server.url}`);
      out(`  health:   ${server.url}/health`);
      out(`  database: ${database.engine} (${database.location})`);
      out("  API credentials: not yet available — the OneRoster REST API and its clients arrive with their own issue.");
      const shutdown = async (signal: string) => {
        logger.info({ signal }, "shutting down");
        await server.close();
        await database.close();
        process.exit(0);
      };
      process.once("SIGINT", () => void shutdown("SIGINT"));
      process.once("SIGTERM", () => void shutdown("SIGTERM"));
    });
}
