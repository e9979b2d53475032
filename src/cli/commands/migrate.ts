import type { Command } from "commander";
import { LATEST_MIGRATION } from "../../../db/migrator.ts";
import type { CliContext } from "../context.ts";
import { openMigratedDatabase } from "../database.ts";

export function registerMigrate(program: Command, context: CliContext): void {
  program
    .command("migrate")
    .description("bring the database schema to the latest migration")
    .action(async () => {
      const { settings, logger, out } = context();
      const database = await openMigratedDatabase(settings, logger);
      await database.close();
      out(`database (${database.engine}) is at migration ${LATEST_MIGRATION}`);
    });
}
