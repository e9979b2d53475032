import { constants } from "node:fs";
import { access, stat } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import type { Command } from "commander";
import { writeOneRosterCsvZip, type ExportProgress, type OneRosterCsvExportResult } from "../../csv/export-zip.ts";
import { checkExportRequest, ExportRequestError, parseSince } from "../../csv/request.ts";
import { writeFileAtomically } from "../../csv/zip-file.ts";
import { CliError } from "../cli-error.ts";
import type { CliContext } from "../context.ts";
import { withMigratedDatabase } from "../database.ts";
import { commaList, parseTenantId } from "../options.ts";
import { progressBar } from "../progress.ts";
import { registerExportAsm } from "./export-asm.ts";
import { registerExportClassroom } from "./export-classroom.ts";
import { registerExportGraph } from "./export-graph.ts";
import { registerExportSds } from "./export-sds.ts";

interface OneRosterCsvOptions {
  tenant: string;
  out: string;
  since?: string;
  schools?: string;
}

/** The option a request error is about, as the user typed it. */
function asCliError(error: unknown): unknown {
  return error instanceof ExportRequestError ? new CliError(`--${error.option}: ${error.message}`) : error;
}

/** A progress bar that starts once the export knows how many rows it will write. */
function progressReporter(): { onProgress: (progress: ExportProgress) => void; stop: () => void } {
  let bar: ReturnType<typeof progressBar> | undefined;
  return {
    onProgress: (progress) => {
      bar ??= progressBar("oneroster-csv", progress.rowsTotal);
      bar.update(progress.rowsWritten);
    },
    stop: () => bar?.stop(),
  };
}

function summary(out: (line: string) => void, path: string, result: OneRosterCsvExportResult, seconds: number, delta: boolean): void {
  out(`wrote ${path}: ${result.rows} rows (${delta ? "delta" : "bulk"}) in ${seconds.toFixed(1)} s`);
  for (const [name, file] of Object.entries(result.files)) out(`  ${name}: ${file.mode === "absent" ? "absent" : `${file.rows} (${file.mode})`}`);
  for (const [column, n] of Object.entries(result.personnummerOmitted)) out(`  left out ${n} personnummer-like value(s) of users.${column}`);
  out(`next delta: --since ${result.nextSince.toISOString()}`);
}

/** `oneroster export oneroster-csv`: the OneRoster 1.1 CSV zip of a tenant, bulk or delta, optionally of some schools. */
export function registerExport(program: Command, context: CliContext): void {
  const exporter = program.command("export").description("export a tenant's data (OneRoster CSV, Microsoft SDS CSV, Apple School Manager, Graph)");
  registerExportGraph(exporter, context);
  registerExportSds(exporter, context);
  registerExportAsm(exporter, context);
  registerExportClassroom(exporter, context);
  exporter
    .command("oneroster-csv")
    .description("write a OneRoster 1.1 CSV zip (manifest + 13 files): bulk, or with --since a delta")
    .requiredOption("--tenant <id>", "tenant to export", parseTenantId)
    .requiredOption("--out <file.zip>", "zip to write (through a temporary file beside it)")
    .option("--since <time>", "delta of the rows changed after this ISO 8601 time, e.g. 2026-11-25T08:00:00Z")
    .option("--schools <sourcedIds>", "only these schools' data (comma-separated sourcedIds)")
    .action(async (options: OneRosterCsvOptions) => {
      const { settings, logger, out } = context();
      const request = {
        tenantId: options.tenant,
        ...(options.since !== undefined ? { since: parseSinceOption(options.since) } : {}),
        ...(options.schools !== undefined ? { schoolSourcedIds: commaList(options.schools) } : {}),
      };
      const path = resolve(options.out);
      await checkOutFolder(path, options.out);
      await withMigratedDatabase(settings, logger, async (database) => {
        // Checked before the temporary file is made, so a refused request writes nothing at all.
        await checkExportRequest(database.db, request);
        const started = Date.now();
        const progress = progressReporter();
        const result = await writeFileAtomically(path, (output) =>
          writeOneRosterCsvZip(database.db, { ...request, logger, onProgress: progress.onProgress }, output),
        ).finally(progress.stop);
        summary(out, options.out, result, (Date.now() - started) / 1000, request.since !== undefined);
      }).catch((error: unknown) => {
        throw asCliError(error);
      });
    });
}

function parseSinceOption(value: string): Date {
  try {
    return parseSince(value);
  } catch (error) {
    throw asCliError(error);
  }
}

/** The zip's folder must exist and be writable before anything is read. */
async function checkOutFolder(path: string, out: string): Promise<void> {
  const folder = dirname(path);
  const isFolder = await stat(folder).then((s) => s.isDirectory(), () => false);
  if (!isFolder) throw new CliError(`--out: the folder of ${out} does not exist`);
  if (await stat(path).then((s) => s.isDirectory(), () => false)) throw new CliError(`--out: ${out} is a folder`);
  await access(folder, constants.W_OK).catch(() => Promise.reject(new CliError(`--out: the folder of ${out} is not writable`)));
}
