import { Command } from "commander";
import { readSettings } from "../config/env.ts";
import { createLogger } from "../log/logger.ts";
import { CliError } from "./cli-error.ts";
import type { CliContext } from "./context.ts";

export { CliError };

type Register = (program: Command, context: CliContext) => void;

/**
 * Each command's module, loaded on demand: a command's module brings its whole stack (HTTP server, register readers,
 * cloud clients), and loading all of them through tsx took about a second before every command.
 */
const COMMANDS: Record<string, () => Promise<Register>> = {
  serve: async () => (await import("./commands/serve.ts")).registerServe,
  migrate: async () => (await import("./commands/migrate.ts")).registerMigrate,
  demo: async () => (await import("./commands/demo.ts")).registerDemo,
  clients: async () => (await import("./commands/clients.ts")).registerClients,
  import: async () => (await import("./commands/import.ts")).registerImport,
  mapping: async () => (await import("./commands/mapping.ts")).registerMapping,
  export: async () => (await import("./commands/export.ts")).registerExport,
  runs: async () => (await import("./commands/runs.ts")).registerRuns,
  run: async () => (await import("./commands/run.ts")).registerRun,
  check: async () => (await import("./commands/check.ts")).registerCheck,
  admin: async () => (await import("./commands/admin.ts")).registerAdmin,
};

/**
 * The program with the command `argv` names, or with every command when it names none it knows (so the overall help
 * and commander's "unknown command" suggestions stay complete).
 */
export async function buildProgram(argv: readonly string[] = process.argv): Promise<Command> {
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
  const named = argv[2];
  const wanted = named !== undefined && Object.hasOwn(COMMANDS, named) ? [named] : Object.keys(COMMANDS);
  const registers = await Promise.all(wanted.map((name) => COMMANDS[name]!()));
  for (const register of registers) register(program, context);
  return program;
}
