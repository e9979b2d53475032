import type { Command } from "commander";
import type { CliContext } from "../context.ts";

/** `oneroster import <source>`: one subcommand per importer, each in its own file. */
export function registerImport(program: Command, context: CliContext): void {
  const importer = program.command("import").description("import from a register or file into a tenant (through the sync engine)");
  void importer;
  void context;
}
