import type { Command } from "commander";
import type { CliContext } from "../context.ts";
import { registerImportOneRosterCsv } from "./import-oneroster-csv.ts";
import { registerImportSs12000 } from "./import-ss12000.ts";

/** `oneroster import <source>`: one subcommand per importer, each in its own file. */
export function registerImport(program: Command, context: CliContext): void {
  const importer = program.command("import").description("import from a register or file into a tenant (through the sync engine)");
  registerImportSs12000(importer, context);
  registerImportOneRosterCsv(importer, context);
}
