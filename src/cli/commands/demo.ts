import type { Command } from "commander";
import type { CliContext } from "../context.ts";
import { withMigratedDatabase } from "../database.ts";
import { parseCount, parseTenantId } from "../options.ts";
import { progressBar } from "../progress.ts";

export function registerDemo(program: Command, context: CliContext): void {
  program
    .command("demo")
    .description("generate a deterministic demo municipality (kommun) and load it into a tenant")
    .option("--students <n>", "number of students", parseCount, 500)
    .option("--seed <n>", "random seed; the same seed and size give the same data", parseCount, 1)
    .option("--tenant <id>", "tenant to load into (created if missing)", parseTenantId, "default")
    .option("--tenant-name <name>", "display name of a new tenant")
    .action(async (options: { students: number; seed: number; tenant: string; tenantName?: string }) => {
      const { settings, logger, out } = context();
      // Loaded on use: the generator (faker) would slow every other command's start.
      const { estimateDemoRows, seedDemo } = await import("../../demo/seed.ts");
      await withMigratedDatabase(settings, logger, async (database) => {
        const started = Date.now();
        const bar = progressBar("demo", estimateDemoRows(options.students));
        const counts = await seedDemo(database.db, {
          tenantId: options.tenant,
          ...(options.tenantName ? { tenantName: options.tenantName } : {}),
          students: options.students,
          seed: options.seed,
          onProgress: (rows) => bar.update(rows),
        }).finally(() => bar.stop());
        const total = Object.values(counts).reduce((sum, n) => sum + (n ?? 0), 0);
        out(`loaded ${total} rows into tenant ${options.tenant} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
        for (const [table, n] of Object.entries(counts)) out(`  ${table}: ${n}`);
      });
    });
}
