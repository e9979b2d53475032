import type { Command } from "commander";
import { schoolsoftSettingsSchema, type SchoolsoftSettingsInput } from "../../../importers/schoolsoft/settings.ts";
import { CliError } from "../cli-error.ts";
import type { CliContext } from "../context.ts";
import { parseTenantId } from "../options.ts";
import { runSs12000Import, tuningOf, withSs12000RunOptions, parsedSettings, type Ss12000RunOptions } from "./import-ss12000.ts";

interface SchoolsoftOptions extends Ss12000RunOptions {
  url: string;
  tokenUrl?: string;
  clientId?: string;
  clientSecretEnv?: string;
  tokenEnv?: string;
  scope?: string;
  markedOnly?: boolean;
  markedUrl?: string;
  markedHomerooms?: boolean;
}

function markedExportOf(options: SchoolsoftOptions): SchoolsoftSettingsInput["markedExport"] {
  if (!options.markedOnly) {
    if (options.markedUrl !== undefined || options.markedHomerooms) throw new CliError("--marked-url and --marked-homerooms belong with --marked-only");
    return undefined;
  }
  if (options.markedUrl === undefined) throw new CliError("--marked-only needs --marked-url: the SS 12000 base URL of SchoolSoft's marked export");
  return { url: options.markedUrl, ...(options.markedHomerooms ? { homerooms: true } : {}) };
}

/** `oneroster import schoolsoft`: SchoolSoft's SS 12000 complete export, optionally limited to its marked export. */
export function registerImportSchoolsoft(importer: Command, context: CliContext): void {
  const command = importer
    .command("schoolsoft")
    .description("import from SchoolSoft's SS 12000 complete export (GUIDs on users); --marked-only: classes only from the activities teachers marked")
    .requiredOption("--tenant <id>", "tenant to import into (made if missing)", parseTenantId)
    .requiredOption("--url <url>", "SS 12000 base URL of the customer's SchoolSoft")
    .option("--token-url <url>", "OAuth 2 token endpoint (client credentials)")
    .option("--client-id <id>", "OAuth 2 client id")
    .option("--client-secret-env <NAME>", "environment variable holding the OAuth 2 client secret")
    .option("--token-env <NAME>", "environment variable holding a static bearer token (instead of OAuth 2)")
    .option("--scope <scope>", "OAuth 2 scope to ask for")
    .option("--marked-only", "only the activities of the marked export become classes (users still come from the complete export)")
    .option("--marked-url <url>", "with --marked-only: SS 12000 base URL of the marked export (same credentials)")
    .option("--marked-homerooms", "with --marked-only: keep the Klass groups as homeroom classes too");
  withSs12000RunOptions(command, "schoolsoft").action(async (options: SchoolsoftOptions) => {
    const markedExport = markedExportOf(options);
    const input: SchoolsoftSettingsInput = {
      url: options.url,
      ...(options.tokenUrl !== undefined ? { tokenUrl: options.tokenUrl } : {}),
      ...(options.clientId !== undefined ? { clientId: options.clientId } : {}),
      ...(options.clientSecretEnv !== undefined ? { clientSecretEnv: options.clientSecretEnv } : {}),
      ...(options.tokenEnv !== undefined ? { tokenEnv: options.tokenEnv } : {}),
      ...(options.scope !== undefined ? { scope: options.scope } : {}),
      ...(markedExport ? { markedExport } : {}),
      ...tuningOf(options),
    };
    await runSs12000Import(context, options, parsedSettings(schoolsoftSettingsSchema, input, "SchoolSoft"), "SchoolSoft");
  });
}
