import type { Command } from "commander";
import { unikumSettingsSchema, type UnikumSettingsInput } from "../../../importers/unikum/settings.ts";
import { importUnikum } from "../../imports/unikum-import.ts";
import { CliError } from "../cli-error.ts";
import type { CliContext } from "../context.ts";
import { commaList } from "../options.ts";
import { fileImportOptions, runFileImport, type FileImportCliOptions } from "./import-mapped-file.ts";

interface UnikumOptions extends FileImportCliOptions {
  encoding?: UnikumSettingsInput["encoding"];
  delimiter?: UnikumSettingsInput["delimiter"];
  relationColumns?: string;
  homeroomPattern?: string;
}

function settingsOf(files: string[], options: UnikumOptions) {
  const columns = options.relationColumns === undefined ? undefined : commaList(options.relationColumns).map(Number);
  if (columns && (columns.length !== 3 || columns.some((n) => !Number.isInteger(n)))) throw new CliError("--relation-columns: give three column numbers: from,to,operation (e.g. 1,2,3)");
  const input: UnikumSettingsInput = {
    files,
    ...(options.encoding !== undefined ? { encoding: options.encoding } : {}),
    ...(options.delimiter !== undefined ? { delimiter: options.delimiter } : {}),
    ...(columns ? { relationColumns: { from: columns[0]!, to: columns[1]!, operation: columns[2]! } } : {}),
    ...(options.homeroomPattern !== undefined ? { homeroomNamePattern: options.homeroomPattern } : {}),
    ...(options.personnummer !== undefined ? { personnummer: options.personnummer } : {}),
  };
  const parsed = unikumSettingsSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new CliError(`Unikum settings: ${issue.path.length > 0 ? `${issue.path.join(".")}: ` : ""}${issue.message}`);
  }
  return parsed.data;
}

/** `oneroster import unikum FILE… --tenant T`: Unikum's text import files (objects, then relations) as a full import. */
export function registerImportUnikum(importer: Command, context: CliContext): void {
  const command = importer
    .command("unikum")
    .description("import Unikum text import files (user/class/school rows, then relation rows) as a full import")
    .argument("<files...>", "the files in order: objects first, then relations (one file may hold both)")
    .option("--encoding <encoding>", "auto (default), utf-8, iso-8859-1 or utf-16")
    .option("--delimiter <delimiter>", "auto (default), tab, comma or semicolon")
    .option("--relation-columns <from,to,operation>", "1-based columns of a relation row (default 1,2,3; the relation type is last)")
    .option("--homeroom-pattern <regex>", "class names that are homeroom classes (the others are teaching groups)");
  fileImportOptions(command, "unikum").action(async (files: string[], options: UnikumOptions) => {
    const settings = settingsOf(files, options);
    await runFileImport(context, files, options, `Unikum ${files.join(" ")}`, (db, importOptions) => importUnikum(db, settings, importOptions));
  });
}
