import type { Command } from "commander";
import { InvalidArgumentError } from "commander";
import { asmExporter, readAsmSnapshot } from "../../../exporters/apple-school-manager/exporter.ts";
import { asmSettingsSchema } from "../../../exporters/apple-school-manager/settings.ts";
import { runRecordedExport } from "../../../exporters/file-set/run.ts";
import { CliError } from "../cli-error.ts";
import type { CliContext } from "../context.ts";
import { withLockedTenant } from "../tenant-run.ts";
import { commaList } from "../options.ts";
import {
  asCliError,
  checkTenantAndSchools,
  parseSettings,
  printOutcome,
  resolveOutput,
  sftpFromOptions,
  withFileExportOptions,
  type FileExportOptions,
} from "./export-sds.ts";

interface AsmOptions extends FileExportOptions {
  format?: string;
  passwordPolicy?: 4 | 6 | 8;
}

function parsePolicy(value: string): 4 | 6 | 8 {
  if (value !== "4" && value !== "6" && value !== "8") throw new InvalidArgumentError(`"${value}" is not 4, 6 or 8`);
  return Number(value) as 4 | 6 | 8;
}

const ASM_OPTION: Record<string, string> = { format: "--format", schools: "--schools", studentPasswordPolicy: "--password-policy" };

/** `oneroster export asm`: Apple School Manager's six CSV files in one flat zip (or a folder), uploaded over SFTP. */
export function registerExportAsm(exporter: Command, context: CliContext): void {
  withFileExportOptions(
    exporter
      .command("asm")
      .description("write Apple School Manager's six CSV files (or the OneRoster CSV variant) as one flat zip and upload it over SFTP"),
    "asm",
  )
    .option("--format <format>", "asm-csv or oneroster-csv", "asm-csv")
    .option("--password-policy <n>", "students.csv password_policy of new accounts: 4, 6 or 8", parsePolicy)
    .action(async (options: AsmOptions) => {
      const { settings: appSettings, logger, out } = context();
      const sftp = sftpFromOptions(options);
      if (options.upload && !sftp) throw new CliError("--upload: give the SFTP target (--sftp-host, --sftp-user, --sftp-path and --sftp-password-env or --sftp-key-file)");
      const settings = parseSettings(
        () =>
          asmSettingsSchema.parse({
            format: options.format,
            ...(options.schools !== undefined ? { schools: commaList(options.schools) } : {}),
            ...(options.passwordPolicy !== undefined ? { studentPasswordPolicy: options.passwordPolicy } : {}),
            includePersonnummer: options.includePersonnummer === true,
            ...(sftp ? { sftp } : {}),
          }),
        ASM_OPTION,
      );
      if (settings.format === "oneroster-csv" && options.out !== undefined && !options.out.toLowerCase().endsWith(".zip")) {
        throw new CliError(`--out: the OneRoster CSV variant is a zip; ${options.out} does not end in .zip`);
      }
      const output = await resolveOutput(options, "Archive.zip");
      try {
        await withLockedTenant(appSettings, logger, options.tenant, "export asm", async (database) => {
          await checkTenantAndSchools(database.db, options.tenant, settings.schools);
          const started = Date.now();
          const dryRun = options.dryRun === true;
          const snapshot = await readAsmSnapshot(database.db, options.tenant, settings);
          const run = await runRecordedExport(
            database.db,
            asmExporter,
            snapshot,
            { db: database.db, out: output.path, ...(options.upload && settings.sftp ? { sftp: settings.sftp } : {}), logger },
            { tenantId: options.tenant, targetId: options.target ?? "asm", dryRun, logger },
          ).catch((error: unknown) => Promise.reject(asCliError(error)));
          printOutcome(out, "asm", output.cleanup ? "a temporary zip" : output.path, run, (Date.now() - started) / 1000, dryRun);
        });
      } finally {
        await output.cleanup?.();
      }
    });
}
