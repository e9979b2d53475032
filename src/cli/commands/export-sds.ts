import { constants } from "node:fs";
import { access, mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { InvalidArgumentError, type Command } from "commander";
import { ZodError } from "zod";
import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema.ts";
import type { ExportOutcome } from "../../../exporters/contract.ts";
import { sdsExporter } from "../../../exporters/sds/exporter.ts";
import { runRecordedExport } from "../../../exporters/file-set/run.ts";
import { isZipPath } from "../../../exporters/file-set/sink.ts";
import { RowLimitError } from "../../../exporters/file-set/write-plan.ts";
import { sdsSettingsSchema } from "../../../exporters/sds/settings.ts";
import type { SftpSettingsInput } from "../../../exporters/sftp/settings.ts";
import { SftpUploadError } from "../../../exporters/sftp/upload.ts";
import { schoolListProblem } from "../../tenancy/school-list.ts";
import { CliError } from "../cli-error.ts";
import type { CliContext } from "../context.ts";
import { withLockedTenant } from "../tenant-run.ts";
import { commaList, parseTenantId } from "../options.ts";

/** The options every file exporter's command shares: where the files go and how they are uploaded. */
export interface FileExportOptions {
  tenant: string;
  target?: string;
  out?: string;
  upload?: boolean;
  dryRun?: boolean;
  schools?: string;
  includePersonnummer?: boolean;
  sftpHost?: string;
  sftpPort?: number;
  sftpUser?: string;
  sftpPasswordEnv?: string;
  sftpKeyFile?: string;
  sftpPassphraseEnv?: string;
  sftpPath?: string;
  sftpHostKey?: string;
}

function parsePort(value: string): number {
  if (!/^\d{1,5}$/.test(value) || Number(value) < 1 || Number(value) > 65535) throw new InvalidArgumentError(`"${value}" is not a port`);
  return Number(value);
}

/** Adds the shared options (output, upload, SFTP) to a file exporter's command. */
export function withFileExportOptions(command: Command, targetDefault: string): Command {
  return command
    .requiredOption("--tenant <id>", "tenant to export", parseTenantId)
    .option("--target <name>", "the target's name the run record is kept under", targetDefault)
    .option("--out <path>", "where the files go: PATH.zip for one zip, otherwise a folder (replaced whole when complete)")
    .option("--upload", "upload the zip over SFTP (--sftp-…) after writing it")
    .option("--dry-run", "write the files locally, upload nothing (the run is recorded as dry-run)")
    .option("--schools <sourcedIds>", "only these schools' data (comma-separated sourcedIds)")
    .option("--include-personnummer", "let personnummer leave (never by default)")
    .option("--sftp-host <host>", "SFTP server")
    .option("--sftp-port <port>", "SFTP port (default 22)", parsePort)
    .option("--sftp-user <name>", "SFTP user name")
    .option("--sftp-password-env <name>", "environment variable holding the SFTP password")
    .option("--sftp-key-file <path>", "private key file for SFTP")
    .option("--sftp-passphrase-env <name>", "environment variable holding the key's passphrase")
    .option("--sftp-path <path>", "the zip's path on the server, e.g. /dropbox/Archive.zip")
    .option("--sftp-host-key <sha256>", "the server's host key fingerprint (SHA256:…) to check");
}

/** The SFTP settings the options give, or undefined when none is given. */
export function sftpFromOptions(options: FileExportOptions): SftpSettingsInput | undefined {
  const given = [options.sftpHost, options.sftpUser, options.sftpPath, options.sftpPasswordEnv, options.sftpKeyFile].some((v) => v !== undefined);
  if (!given) return undefined;
  return {
    host: options.sftpHost ?? "",
    ...(options.sftpPort !== undefined ? { port: options.sftpPort } : {}),
    username: options.sftpUser ?? "",
    ...(options.sftpPasswordEnv !== undefined ? { passwordEnv: options.sftpPasswordEnv } : {}),
    ...(options.sftpKeyFile !== undefined ? { privateKeyFile: resolve(options.sftpKeyFile) } : {}),
    ...(options.sftpPassphraseEnv !== undefined ? { passphraseEnv: options.sftpPassphraseEnv } : {}),
    remotePath: options.sftpPath ?? "",
    ...(options.sftpHostKey !== undefined ? { hostKeySha256: options.sftpHostKey } : {}),
  };
}

const SFTP_OPTION: Record<string, string> = {
  host: "--sftp-host",
  port: "--sftp-port",
  username: "--sftp-user",
  passwordEnv: "--sftp-password-env",
  privateKeyFile: "--sftp-key-file",
  passphraseEnv: "--sftp-passphrase-env",
  remotePath: "--sftp-path",
  hostKeySha256: "--sftp-host-key",
};

/** Settings validated by their zod schema; a problem is one CLI line naming the option. */
export function parseSettings<T>(parse: () => T, optionOf: Record<string, string>): T {
  try {
    return parse();
  } catch (error) {
    if (!(error instanceof ZodError)) throw error;
    const issue = error.issues[0]!;
    const [first, second] = issue.path.map(String);
    const option = first === "sftp" ? (second ? SFTP_OPTION[second] : "--sftp-password-env or --sftp-key-file") : optionOf[first ?? ""];
    throw new CliError(`${option ?? first}: ${issue.message}`);
  }
}

/** Where the files go: --out, or (to upload or for a dry run without it) a zip in a temporary folder. */
export async function resolveOutput(options: FileExportOptions, defaultName: string): Promise<{ path: string; cleanup?: () => Promise<void> }> {
  if (options.upload && options.out !== undefined && !isZipPath(options.out)) throw new CliError(`--out: an upload needs a zip; ${options.out} does not end in .zip`);
  if (options.out !== undefined) {
    const path = resolve(options.out);
    const folder = dirname(path);
    if (!(await stat(folder).then((s) => s.isDirectory(), () => false))) throw new CliError(`--out: the folder of ${options.out} does not exist`);
    await access(folder, constants.W_OK).catch(() => Promise.reject(new CliError(`--out: the folder of ${options.out} is not writable`)));
    if (isZipPath(path) && (await stat(path).then((s) => s.isDirectory(), () => false))) throw new CliError(`--out: ${options.out} is a folder`);
    return { path };
  }
  if (!options.upload && !options.dryRun) throw new CliError("--out: say where the files go (--out PATH), or --upload them");
  const folder = await mkdtemp(join(tmpdir(), "oneroster-export-"));
  // A dry run keeps its files for the operator to look at; an upload's zip is gone once it is uploaded.
  return { path: join(folder, defaultName), ...(options.dryRun ? {} : { cleanup: () => rm(folder, { recursive: true, force: true }) }) };
}

/** The tenant and schools must exist before anything is written. */
export async function checkTenantAndSchools(db: Kysely<Database>, tenantId: string, schools: readonly string[] | undefined): Promise<void> {
  const tenant = await db.selectFrom("tenants").select("id").where("id", "=", tenantId).executeTakeFirst();
  if (!tenant) throw new CliError(`--tenant: there is no tenant "${tenantId}"`);
  const problem = schools && (await schoolListProblem(db, tenantId, schools));
  if (problem) throw new CliError(`--schools: ${problem}`);
}

/** What the run did, one line per file, then the warnings (the first 20) and the upload. */
export function printOutcome(out: (line: string) => void, kind: string, path: string, run: { runId: string; outcome: ExportOutcome }, seconds: number, dryRun: boolean): void {
  const { counts, warnings } = run.outcome;
  const rows = Object.entries(counts).filter(([name]) => name !== "upload").reduce((sum, [, c]) => sum + (c.written ?? 0), 0);
  out(`${kind} export ${run.runId}${dryRun ? " (dry run)" : ""}: wrote ${path}: ${rows} rows in ${seconds.toFixed(1)} s`);
  for (const [name, c] of Object.entries(counts)) {
    if (name === "upload") continue;
    out(`  ${name}: ${c.written ?? 0}${c.skipped ? ` (${c.skipped} left out)` : ""}`);
  }
  if (counts.upload) out(`uploaded ${counts.upload.bytes} bytes`);
  else if (dryRun) out("dry run: nothing uploaded");
  for (const warning of warnings.slice(0, 20)) out(`warning: ${warning.entity}${warning.sourcedId ? ` ${warning.sourcedId}` : ""}: ${warning.why}`);
  if (warnings.length > 20) out(`… and ${warnings.length - 20} more warning(s) (see the run record)`);
}

/** The exporter's own errors as one CLI line (the run is already recorded as failed). */
export function asCliError(error: unknown): unknown {
  return error instanceof RowLimitError || error instanceof SftpUploadError ? new CliError(error.message) : error;
}

interface SdsOptions extends FileExportOptions {
  format?: string;
  upnSuffix?: string;
  includeGuardians?: boolean;
  includeDemographics?: boolean;
  countryCode?: string;
}

const SDS_OPTION: Record<string, string> = {
  format: "--format",
  schools: "--schools",
  upnSuffix: "--upn-suffix",
  defaultCountryCode: "--country-code",
};

/** `oneroster export sds`: the Microsoft School Data Sync CSV file set (v2.1 or v1) of a tenant. */
export function registerExportSds(exporter: Command, context: CliContext): void {
  withFileExportOptions(
    exporter
      .command("sds")
      .description("write Microsoft School Data Sync CSV files (v2.1, or v1's six files) to a folder or a zip; optionally upload the zip over SFTP"),
    "sds",
  )
    .option("--format <format>", "v2.1 or v1", "v2.1")
    .option("--upn-suffix <domain>", "make username@domain of a username without a domain (otherwise such a user is left out)")
    .option("--include-guardians", "v2.1: relationships.csv and the guardians of exported students")
    .option("--include-demographics", "v2.1: demographics.csv; v1: Student.csv Birthdate")
    .option("--country-code <code>", "country code of national phone numbers", "46")
    .action(async (options: SdsOptions) => {
      const { settings: appSettings, logger, out } = context();
      const sftp = sftpFromOptions(options);
      if (options.upload && !sftp) throw new CliError("--upload: give the SFTP target (--sftp-host, --sftp-user, --sftp-path and --sftp-password-env or --sftp-key-file)");
      const settings = parseSettings(
        () =>
          sdsSettingsSchema.parse({
            format: options.format,
            ...(options.schools !== undefined ? { schools: commaList(options.schools) } : {}),
            ...(options.upnSuffix !== undefined ? { upnSuffix: options.upnSuffix } : {}),
            includeGuardians: options.includeGuardians === true,
            includeDemographics: options.includeDemographics === true,
            includePersonnummer: options.includePersonnummer === true,
            defaultCountryCode: options.countryCode,
            ...(sftp ? { sftp } : {}),
          }),
        SDS_OPTION,
      );
      const output = await resolveOutput(options, "sds.zip");
      try {
        await withLockedTenant(appSettings, logger, options.tenant, "export sds", async (database) => {
          await checkTenantAndSchools(database.db, options.tenant, settings.schools);
          const started = Date.now();
          const dryRun = options.dryRun === true;
          const run = await runRecordedExport(
            database.db,
            sdsExporter,
            { tenantId: options.tenant, settings },
            { db: database.db, out: output.path, ...(options.upload && settings.sftp ? { sftp: settings.sftp } : {}), logger },
            { tenantId: options.tenant, targetId: options.target ?? "sds", dryRun, logger },
          ).catch((error: unknown) => Promise.reject(asCliError(error)));
          printOutcome(out, "sds", output.cleanup ? "a temporary zip" : output.path, run, (Date.now() - started) / 1000, dryRun);
        });
      } finally {
        await output.cleanup?.();
      }
    });
}
