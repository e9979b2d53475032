import { stat } from "node:fs/promises";
import { InvalidArgumentError, type Command } from "commander";
import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema.ts";
import { adelaSettingsSchema } from "../../../importers/adela/settings.ts";
import { RegisterFileError } from "../../../importers/mapped-file/file-error.ts";
import { MappingError } from "../../../importers/mapped-file/presets.ts";
import { mappedFileSettingsSchema, type MappedFileSettings } from "../../../importers/mapped-file/settings.ts";
import { skolplatsenSettingsSchema } from "../../../importers/skolplatsen/settings.ts";
import { importMappedFile, type FileImportOptions } from "../../imports/mapped-file-import.ts";
import { SyncError, type SyncResult } from "../../sync/types.ts";
import { CliError } from "../cli-error.ts";
import type { CliContext } from "../context.ts";
import { parseTenantId } from "../options.ts";
import { withLockedTenant } from "../tenant-run.ts";
import { describeSyncResult } from "./sync-summary.ts";

export interface FileImportCliOptions {
  tenant: string;
  source: string;
  personnummer?: "omit" | "store";
  asOf?: string;
  dryRun?: boolean;
  force?: boolean;
}

export function parsePersonnummerPolicy(value: string): "omit" | "store" {
  if (value !== "omit" && value !== "store") throw new InvalidArgumentError(`"${value}" is neither omit nor store`);
  return value;
}

export function parseDay(value: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(value))) throw new InvalidArgumentError(`"${value}" is not a date (YYYY-MM-DD)`);
  return value;
}

/** The options every file import shares. */
export function fileImportOptions(command: Command, defaultSource: string): Command {
  return command
    .requiredOption("--tenant <id>", "tenant to import into (made if missing)", parseTenantId)
    .option("--source <id>", "this source's name in the tenant", defaultSource)
    .option("--personnummer <policy>", "omit (default) or store personnummer as the user's identifier", parsePersonnummerPolicy)
    .option("--as-of <date>", "the classes belong to the terms of the school year of this date (default today)", parseDay)
    .option("--dry-run", "print what would change; write nothing")
    .option("--force", "apply even if the mass-delete guard would stop the run");
}

/**
 * A file import under the tenant's run lock: the file is read and checked in full first, so a bad one prints every
 * problem (file:line or XML path: field: why) on stderr, exits 1 and changes nothing.
 */
export async function runFileImport(
  context: CliContext,
  files: string[],
  options: FileImportCliOptions,
  label: string,
  run: (db: Kysely<Database>, importOptions: FileImportOptions) => Promise<SyncResult>,
): Promise<void> {
  const { settings, logger, out } = context();
  for (const file of files) if (!(await stat(file).then((s) => s.isFile(), () => false))) throw new CliError(`${file}: no such file`);
  await withLockedTenant(settings, logger, options.tenant, `import ${options.source}`, async ({ db }) => {
    try {
      const result = await run(db, {
        tenantId: options.tenant,
        sourceId: options.source,
        logger,
        ...(options.asOf ? { today: options.asOf } : {}),
        ...(options.dryRun ? { dryRun: true } : {}),
        ...(options.force ? { force: true } : {}),
      });
      for (const line of describeSyncResult(result, label)) out(line);
      if (result.status === "stopped") throw new CliError(`the mass-delete guard stopped the import of tenant ${options.tenant}; nothing was written`);
    } catch (error) {
      if (error instanceof RegisterFileError) {
        process.stderr.write(`${error.message}\n`);
        throw new CliError(`${files.join(", ")}: ${error.problems.length} problem(s), nothing was imported`);
      }
      if (error instanceof MappingError) throw new CliError(error.message);
      if (error instanceof SyncError) throw new CliError(`import into tenant ${options.tenant} failed, nothing was written: ${error.message}`);
      throw error;
    }
  });
}

function settingsOf(schema: typeof mappedFileSettingsSchema | typeof adelaSettingsSchema | typeof skolplatsenSettingsSchema, input: Record<string, unknown>): MappedFileSettings {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new CliError(`settings: ${issue.path.length > 0 ? `${issue.path.join(".")}: ` : ""}${issue.message}`);
  }
  return parsed.data;
}

type MappedOptions = FileImportCliOptions & { mapping?: string };

function register(importer: Command, context: CliContext, kind: "mapped-file" | "adela" | "skolplatsen", description: string, schema: Parameters<typeof settingsOf>[0]): void {
  const command = importer.command(kind).description(description).argument("<file>", "the file to import");
  const mappingHelp = kind === "mapped-file" ? "a preset name (adela, skolplatsen) or a mapping YAML/JSON file" : `a mapping YAML/JSON file instead of the ${kind} preset`;
  if (kind === "mapped-file") command.requiredOption("--mapping <preset|file>", mappingHelp);
  else command.option("--mapping <file>", mappingHelp);
  fileImportOptions(command, kind).action(async (file: string, options: MappedOptions) => {
    const settings = settingsOf(schema, {
      kind,
      file,
      ...(options.mapping !== undefined ? { mapping: options.mapping } : {}),
      ...(options.personnummer !== undefined ? { personnummer: options.personnummer } : {}),
    });
    await runFileImport(context, [file], options, `${kind} ${file}`, (db, importOptions) => importMappedFile(db, settings, importOptions));
  });
}

/** `oneroster import mapped-file FILE --mapping M --tenant T`: any CSV/TSV/XLSX/XML file through a declarative mapping. */
export function registerImportMappedFile(importer: Command, context: CliContext): void {
  register(importer, context, "mapped-file", "import a CSV, TSV, XLSX or XML file through a mapping (a preset or a file of one's own)", mappedFileSettingsSchema);
}

/** `oneroster import adela FILE --tenant T`: Tersus Adela's XML export (preset to be confirmed with a customer file). */
export function registerImportAdela(importer: Command, context: CliContext): void {
  register(importer, context, "adela", "import Tersus Adela's XML export (fetched from Adela's FTP first; preset to be confirmed with a customer file)", adelaSettingsSchema);
}

/** `oneroster import skolplatsen FILE --tenant T`: Skolplatsen's export (preset to be confirmed with a customer file). */
export function registerImportSkolplatsen(importer: Command, context: CliContext): void {
  register(importer, context, "skolplatsen", "import Skolplatsen's person export (preset to be confirmed with a customer file)", skolplatsenSettingsSchema);
}
