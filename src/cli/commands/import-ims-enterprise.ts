import { InvalidArgumentError, type Command } from "commander";
import type { z } from "zod";
import type { DatabaseHandle } from "../../../db/connection.ts";
import { ImsFetchError, ImsFileError } from "../../../importers/ims-enterprise/errors.ts";
import type { ImsDialect, ImsInput } from "../../../importers/ims-enterprise/importer.ts";
import { plainInputs } from "../../../importers/ims-enterprise/plain-inputs.ts";
import { plainImsFileSettingsSchema, type ImsMappingSettings } from "../../../importers/ims-enterprise/settings.ts";
import { importImsEnterprise } from "../../imports/ims-enterprise-import.ts";
import { SyncError } from "../../sync/types.ts";
import { CliError } from "../cli-error.ts";
import type { CliContext } from "../context.ts";
import { parseTenantId } from "../options.ts";
import { progressCounter } from "../progress.ts";
import { withLockedTenant } from "../tenant-run.ts";
import { describeSyncResult } from "./sync-summary.ts";

/** The options every IMS Enterprise register command shares. */
export interface ImsCommonOptions {
  tenant: string;
  source: string;
  encoding?: string;
  personnummer?: "omit" | "store";
  demographics?: boolean;
  asOf?: string;
  dryRun?: boolean;
  force?: boolean;
}

export function addImsCommonOptions(command: Command, defaultSource: string): Command {
  return command
    .requiredOption("--tenant <id>", "tenant to import into (made if missing)", parseTenantId)
    .option("--source <id>", "this source's name in the tenant", defaultSource)
    .option("--encoding <encoding>", "auto (BOM / XML declaration, the default), utf-8, iso-8859-1, windows-1252, utf-16le or utf-16be")
    .option("--personnummer <policy>", "omit (default) or store personnummer as an identifier", parsePolicy)
    .option("--demographics", "import birth date and sex")
    .option("--as-of <date>", "judge roles current as of this date (default today)", parseDate)
    .option("--dry-run", "print what would change; write nothing")
    .option("--force", "apply even if the mass-delete guard would stop the run");
}

/** The common options as settings input (only those given; zod fills in the defaults). */
export function commonSettingsInput(options: ImsCommonOptions): Record<string, unknown> {
  return {
    ...(options.encoding !== undefined ? { encoding: options.encoding } : {}),
    ...(options.personnummer !== undefined ? { personnummer: options.personnummer } : {}),
    ...(options.demographics ? { demographics: true } : {}),
  };
}

/** Settings validated by the register's schema; a problem is one line naming the setting. */
export function parseSettings<S extends z.ZodType>(schema: S, input: unknown, label: string): z.infer<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new CliError(`${label} settings: ${issue.path.length > 0 ? `${issue.path.join(".")}: ` : ""}${issue.message}`);
  }
  return parsed.data;
}

/**
 * Runs one import of IMS Enterprise files under the tenant's run lock and prints its summary. A file that cannot be
 * fetched or read, and a stopped or failed sync, end in one line and a non-zero exit; nothing is written then.
 */
export async function runImsImport(
  context: CliContext,
  options: ImsCommonOptions,
  run: { kind: string; label: string; dialect: ImsDialect; settings: ImsMappingSettings; inputs: (database: DatabaseHandle) => Promise<ImsInput[]> | ImsInput[] },
): Promise<void> {
  const { logger, out, settings: env } = context();
  await withLockedTenant(env, logger, options.tenant, `import ${options.source}`, async (database) => {
    const progress = progressCounter("records read");
    try {
      const result = await importImsEnterprise(database.db, run.settings, {
        tenantId: options.tenant,
        sourceId: options.source,
        kind: run.kind,
        dialect: run.dialect,
        inputs: await run.inputs(database),
        logger,
        ...(options.asOf ? { today: options.asOf } : {}),
        ...(options.dryRun ? { dryRun: true } : {}),
        ...(options.force ? { force: true } : {}),
        onRecord: (records) => {
          if (records % 1000 === 0) progress.update(run.label, records);
        },
      });
      progress.stop();
      for (const line of describeSyncResult(result, run.label)) out(line);
      if (result.status === "stopped") throw new CliError(`the mass-delete guard stopped the import of tenant ${options.tenant}; nothing was written`);
    } catch (error) {
      progress.stop();
      if (error instanceof ImsFileError || error instanceof ImsFetchError || error instanceof SyncError) {
        throw new CliError(`import of ${run.label} into tenant ${options.tenant} failed, nothing was written: ${error.message}`);
      }
      throw error;
    }
  });
}

/** Repeatable options (--url a --url b). */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

export function parsePort(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 65535) throw new InvalidArgumentError(`"${value}" is not a port`);
  return Number(value);
}

function parseDate(value: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(value))) throw new InvalidArgumentError(`"${value}" is not a date (YYYY-MM-DD)`);
  return value;
}

function parsePolicy(value: string): "omit" | "store" {
  if (value !== "omit" && value !== "store") throw new InvalidArgumentError(`"${value}" is neither omit nor store`);
  return value;
}

interface PlainOptions extends ImsCommonOptions {
  sftpHost?: string;
  sftpPort?: number;
  sftpUser?: string;
  sftpPasswordEnv?: string;
  sftpKeyFile?: string;
  sftpPath?: string;
  sftpHostKey?: string;
}

/** `oneroster import alvis|ist-ims [file] --tenant T`: one plain IMS Enterprise 1.1 export, from a path or SFTP. */
export function registerPlainImsImport(importer: Command, context: CliContext, register: { kind: string; label: string; description: string }): void {
  const command = importer
    .command(register.kind)
    .description(register.description)
    .argument("[file]", "the export (a local path); or fetch it with the --sftp-* options");
  addImsCommonOptions(command, register.kind)
    .option("--sftp-host <host>", "SFTP server holding the export")
    .option("--sftp-port <port>", "its port (default 22)", parsePort)
    .option("--sftp-user <name>", "SFTP user")
    .option("--sftp-password-env <NAME>", "environment variable holding the SFTP password")
    .option("--sftp-key-file <path>", "private key file for SFTP")
    .option("--sftp-path <path>", "the export's path on the server")
    .option("--sftp-host-key <sha256>", "the server's host key fingerprint (SHA256, base64) to insist on")
    .action(async (file: string | undefined, options: PlainOptions) => {
      const sftp = options.sftpHost !== undefined
        ? {
            host: options.sftpHost,
            ...(options.sftpPort !== undefined ? { port: options.sftpPort } : {}),
            username: options.sftpUser,
            ...(options.sftpPasswordEnv !== undefined ? { passwordEnv: options.sftpPasswordEnv } : {}),
            ...(options.sftpKeyFile !== undefined ? { privateKeyFile: options.sftpKeyFile } : {}),
            path: options.sftpPath,
            ...(options.sftpHostKey !== undefined ? { hostKeySha256: options.sftpHostKey } : {}),
          }
        : undefined;
      if (file !== undefined && sftp) throw new CliError("give either a file or --sftp-host, not both");
      const settings = parseSettings(plainImsFileSettingsSchema, { ...commonSettingsInput(options), ...(file !== undefined ? { file } : {}), ...(sftp ? { sftp } : {}) }, register.label);
      await runImsImport(context, options, { kind: register.kind, label: register.label, dialect: "plain", settings, inputs: () => plainInputs(settings) });
    });
}
