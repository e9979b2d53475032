import { Command } from "commander";
import { readSettings } from "../config/env.ts";
import { createLogger } from "../log/logger.ts";
import { CliError } from "./cli-error.ts";
import { registerAdmin } from "./commands/admin.ts";
import { registerCheck } from "./commands/check.ts";
import { registerClients } from "./commands/clients.ts";
import { registerDemo } from "./commands/demo.ts";
import { registerExport } from "./commands/export.ts";
import { registerImport } from "./commands/import.ts";
import { registerMapping } from "./commands/mapping.ts";
import { registerMigrate } from "./commands/migrate.ts";
import { registerRuns } from "./commands/runs.ts";
import { registerRun } from "./commands/run.ts";
import { registerServe } from "./commands/serve.ts";
import type { CliContext } from "./context.ts";

export { CliError };

export function buildProgram(): Command {
  const program = new Command("oneroster")
    .description("OneRoster 1.1 roster server for Swedish school owners")
    .showHelpAfterError()
    .exitOverride();
  const context: CliContext = () => {
    const settings = readSettings();
    // Logs go to stderr so stdout stays for the command's own output.
    const logger = createLogger(settings.LOG_LEVEL, process.stderr);
    return { settings, logger, out: (line) => process.stdout.write(`${line}\n`) };
  };
  registerServe(program, context);
  registerMigrate(program, context);
  registerDemo(program, context);
  registerClients(program, context);
  registerImport(program, context);
  registerMapping(program, context);
  registerExport(program, context);
  registerRuns(program, context);
  registerRun(program, context);
  registerCheck(program, context);
  registerAdmin(program);
  return program;
}
