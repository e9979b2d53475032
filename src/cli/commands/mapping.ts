import { stat } from "node:fs/promises";
import type { Command } from "commander";
import { checkMapping } from "../../../importers/mapped-file/mapping-check.ts";
import { loadMapping, MappingError } from "../../../importers/mapped-file/presets.ts";
import { CliError } from "../cli-error.ts";
import type { CliContext } from "../context.ts";
import { parseCount } from "../options.ts";

/** `oneroster mapping check FILE --mapping M`: how a file's first rows map, to onboard a customer file in minutes. */
export function registerMapping(program: Command, context: CliContext): void {
  const mapping = program.command("mapping").description("mappings of register files without a public format (Adela, Skolplatsen, others)");
  mapping
    .command("check")
    .description("show how the first rows of a file map to users, schools, classes and groups, and every problem in them")
    .argument("<file>", "the customer's file (CSV, TSV, XLSX or XML)")
    .requiredOption("--mapping <preset|file>", "a preset (adela, skolplatsen) or a mapping YAML/JSON file")
    .option("--rows <n>", "records shown per record set", parseCount, 10)
    .action(async (file: string, options: { mapping: string; rows: number }) => {
      const { out } = context();
      if (!(await stat(file).then((s) => s.isFile(), () => false))) throw new CliError(`${file}: no such file`);
      const loaded = await loadMapping(options.mapping).catch((error: unknown) => {
        throw error instanceof MappingError ? new CliError(error.message) : error;
      });
      const { lines, problems } = await checkMapping(file, loaded, options.rows);
      for (const line of lines) out(line);
      if (problems > 0) throw new CliError(`${file}: ${problems} problem(s) in the rows shown`);
    });
}
