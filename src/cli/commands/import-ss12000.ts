import { InvalidArgumentError, type Command } from "commander";
import type { z } from "zod";
import { Ss12000RequestError } from "../../../importers/ss12000/client.ts";
import { Ss12000AuthError } from "../../../importers/ss12000/access-token.ts";
import { Ss12000SourceError } from "../../../importers/ss12000/filters.ts";
import { ss12000SettingsSchema, type Ss12000Settings, type Ss12000SettingsInput } from "../../../importers/ss12000/settings.ts";
import { DeltaWithoutBaseError, importSs12000 } from "../../imports/ss12000-import.ts";
import { SyncError } from "../../sync/types.ts";
import { CliError } from "../cli-error.ts";
import type { CliContext } from "../context.ts";
import { withLockedTenant } from "../tenant-run.ts";
import { commaList, parseCount, parseTenantId } from "../options.ts";
import { IdentityCsvError, readIdentityCsv } from "../../../importers/identity-csv/identity-index.ts";
import { identityCsvSettingsSchema, type IdentityCsvSettings } from "../../../importers/identity-csv/settings.ts";
import { progressCounter } from "../progress.ts";
import { describeSyncResult } from "./sync-summary.ts";

/** The options of every SS 12000-based import (presets too), beside where and how to connect. */
export interface Ss12000RunOptions {
  tenant: string;
  source: string;
  pageSize?: number;
  personnummer?: "omit" | "store";
  demographics?: boolean;
  delta?: boolean;
  since?: string;
  asOf?: string;
  dryRun?: boolean;
  force?: boolean;
  identityCsv?: string;
  identityMatch?: string;
  identityContext?: string;
  identityColumns?: string;
}

interface Ss12000Options extends Ss12000RunOptions {
  url: string;
  tokenUrl?: string;
  clientId?: string;
  clientSecretEnv?: string;
  tokenEnv?: string;
  scope?: string;
}

/** The identity source's settings from the --identity-* options; undefined without --identity-csv. */
function identitySettingsOf(options: Ss12000RunOptions): IdentityCsvSettings | undefined {
  if (options.identityCsv === undefined) {
    if (options.identityMatch || options.identityColumns) throw new CliError("--identity-match and --identity-columns belong with --identity-csv");
    return undefined;
  }
  const columns: Record<string, string> = {};
  for (const pair of commaList(options.identityColumns ?? "")) {
    const [name, column] = pair.split("=").map((p) => p.trim());
    if (!name || !column || !["key", "email", "username"].includes(name)) throw new CliError(`--identity-columns: "${pair}" is not key=…, email=… or username=…`);
    columns[name] = column;
  }
  const parsed = identityCsvSettingsSchema.safeParse({
    file: options.identityCsv,
    matchBy: options.identityMatch,
    ...(options.identityContext ? { identifierContext: options.identityContext } : {}),
    columns,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const option = issue.path[0] === "matchBy" ? "--identity-match" : "--identity-columns";
    throw new CliError(`${option}: ${issue.path.length > 1 ? `${issue.path.slice(1).join(".")}: ` : ""}${issue.message}`);
  }
  return parsed.data;
}

function parseDate(value: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(value))) throw new InvalidArgumentError(`"${value}" is not a date (YYYY-MM-DD)`);
  return value;
}

function parseTime(value: string): string {
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value) || Number.isNaN(Date.parse(value))) throw new InvalidArgumentError(`"${value}" is not an ISO 8601 time, e.g. 2026-11-25T02:00:00Z`);
  return new Date(value).toISOString();
}

function parsePolicy(value: string): "omit" | "store" {
  if (value !== "omit" && value !== "store") throw new InvalidArgumentError(`"${value}" is neither omit nor store`);
  return value;
}

/** Settings parsed by a (preset's) schema; the first problem becomes one CLI line. */
export function parsedSettings<T>(schema: z.ZodType<T>, input: unknown, what: string): T {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new CliError(`${what} settings: ${issue.path.length > 0 ? `${issue.path.join(".")}: ` : ""}${issue.message}`);
  }
  return parsed.data;
}

/** The settings every SS 12000-based import takes from the run options (page size, personnummer, demographics). */
export function tuningOf(options: Ss12000RunOptions) {
  return {
    ...(options.pageSize !== undefined ? { pageSize: options.pageSize } : {}),
    ...(options.personnummer !== undefined ? { personnummer: options.personnummer } : {}),
    ...(options.demographics ? { demographics: true } : {}),
  };
}

function settingsOf(options: Ss12000Options) {
  const input: Ss12000SettingsInput = {
    url: options.url,
    ...(options.tokenUrl !== undefined ? { tokenUrl: options.tokenUrl } : {}),
    ...(options.clientId !== undefined ? { clientId: options.clientId } : {}),
    ...(options.clientSecretEnv !== undefined ? { clientSecretEnv: options.clientSecretEnv } : {}),
    ...(options.tokenEnv !== undefined ? { tokenEnv: options.tokenEnv } : {}),
    ...(options.scope !== undefined ? { scope: options.scope } : {}),
    ...tuningOf(options),
  };
  return parsedSettings(ss12000SettingsSchema, input, "SS 12000");
}

/** Adds the options of every SS 12000-based import (after the command's own connection options). */
export function withSs12000RunOptions(command: Command, defaultSource: string): Command {
  return command
    .option("--source <id>", "this source's name in the tenant", defaultSource)
    .option("--page-size <n>", "objects per page", parseCount)
    .option("--personnummer <policy>", "omit (default) or store civicNo as an identifier", parsePolicy)
    .option("--demographics", "import birth date and sex")
    .option("--delta", "only what changed since the last successful run (meta.modified.after, /deletedEntities)")
    .option("--since <time>", "with --delta: changes after this ISO 8601 time instead")
    .option("--as-of <date>", "judge enrolments, duties and memberships current as of this date (default today)", parseDate)
    .option("--identity-csv <file>", "a second source of e-mail/username (e.g. an Active Directory export)")
    .option("--identity-match <key>", "what its key column holds: personnummer, externalIdentifier or sourcedId")
    .option("--identity-context <context>", "with externalIdentifier: only identifiers of this context")
    .option("--identity-columns <pairs>", "its columns, e.g. key=employeeID,email=mail,username=userPrincipalName")
    .option("--dry-run", "print what would change; write nothing")
    .option("--force", "apply even if the mass-delete guard would stop the run");
}

/** Runs an SS 12000-based import under the tenant's lock and prints what it did; `name` names the source in output. */
export async function runSs12000Import(context: CliContext, options: Ss12000RunOptions, settings: Ss12000Settings, name: string): Promise<void> {
  const { logger, out, settings: env } = context();
  if (options.since !== undefined && !options.delta) throw new CliError("--since belongs to --delta runs");
  const since = options.since !== undefined ? parseTime(options.since) : undefined;
  const identitySettings = identitySettingsOf(options);
  const identity = identitySettings ? { settings: identitySettings, index: await readIdentityCsv(identitySettings).catch(asCliError) } : undefined;
  await withLockedTenant(env, logger, options.tenant, `import ${options.source}`, async (database) => {
    const progress = progressCounter("objects read");
    try {
      const result = await importSs12000(database.db, settings, {
        tenantId: options.tenant,
        sourceId: options.source,
        logger,
        ...(options.delta ? { delta: true } : {}),
        ...(since ? { since } : {}),
        ...(options.asOf ? { today: options.asOf } : {}),
        ...(options.dryRun ? { dryRun: true } : {}),
        ...(options.force ? { force: true } : {}),
        ...(identity ? { identity } : {}),
        onProgress: ({ collection, objects }) => progress.update(collection, objects),
      });
      progress.stop();
      for (const line of describeSyncResult(result, `${name} ${settings.url}`)) out(line);
      if (result.status === "stopped") throw new CliError(`the mass-delete guard stopped the import of tenant ${options.tenant}; nothing was written`);
    } catch (error) {
      progress.stop();
      if (
        error instanceof Ss12000RequestError ||
        error instanceof Ss12000AuthError ||
        error instanceof Ss12000SourceError ||
        error instanceof DeltaWithoutBaseError ||
        error instanceof SyncError
      ) {
        throw new CliError(`import of ${name} into tenant ${options.tenant} failed, nothing was written: ${error.message}`);
      }
      throw error;
    }
  });
}

/** `oneroster import ss12000`: a full (or --delta) import of an SS 12000 v2.1 API into a tenant. */
export function registerImportSs12000(importer: Command, context: CliContext): void {
  const command = importer
    .command("ss12000")
    .description("import from an SS 12000 v2.1 API (Edlevo, IST/EduCloud, SchoolSoft …): full, or --delta since the last good run")
    .requiredOption("--tenant <id>", "tenant to import into (made if missing)", parseTenantId)
    .requiredOption("--url <url>", "base URL of the API, e.g. https://api.example.se/ss12000/v2.0")
    .option("--token-url <url>", "OAuth 2 token endpoint (client credentials)")
    .option("--client-id <id>", "OAuth 2 client id")
    .option("--client-secret-env <NAME>", "environment variable holding the OAuth 2 client secret")
    .option("--token-env <NAME>", "environment variable holding a static bearer token (instead of OAuth 2)")
    .option("--scope <scope>", "OAuth 2 scope to ask for");
  withSs12000RunOptions(command, "ss12000").action(async (options: Ss12000Options) => {
    if (options.since !== undefined && !options.delta) throw new CliError("--since belongs to --delta runs");
    await runSs12000Import(context, options, settingsOf(options), "SS 12000");
  });
}

function asCliError(error: unknown): never {
  throw error instanceof IdentityCsvError ? new CliError(error.message) : error;
}
