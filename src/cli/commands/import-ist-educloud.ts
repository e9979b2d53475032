import type { Command } from "commander";
import { EDUCLOUD_TOKEN_URL, istEducloudSettingsSchema, type IstEducloudSettingsInput } from "../../../importers/ist-educloud/settings.ts";
import type { CliContext } from "../context.ts";
import { commaList, parseCount, parseTenantId } from "../options.ts";
import { runSs12000Import, tuningOf, withSs12000RunOptions, parsedSettings, type Ss12000RunOptions } from "./import-ss12000.ts";

interface IstEducloudOptions extends Ss12000RunOptions {
  customerId?: string;
  url?: string;
  tokenUrl?: string;
  clientId: string;
  clientSecretEnv: string;
  scope?: string;
  lmsSchools?: string;
  startsWithin?: number;
}

/** `oneroster import ist-educloud`: IST (Extens / IST Administration) through EduCloud's SS 12000 API. */
export function registerImportIstEducloud(importer: Command, context: CliContext): void {
  const command = importer
    .command("ist-educloud")
    .description("import from IST (Extens / IST Administration) through EduCloud's SS 12000 API: full, or --delta since the last good run")
    .requiredOption("--tenant <id>", "tenant to import into (made if missing)", parseTenantId)
    .option("--customer-id <id>", "the customer's EduCloud id, e.g. SE00100")
    .option("--url <url>", "the API's base URL instead of --customer-id")
    .option("--token-url <url>", `EduCloud's token endpoint (default ${EDUCLOUD_TOKEN_URL})`)
    .requiredOption("--client-id <id>", "client id from IST")
    .requiredOption("--client-secret-env <NAME>", "environment variable holding the client secret from IST")
    .option("--scope <scopes>", "EduCloud scopes to ask for (default: all the client may use)")
    .option("--lms-schools <codes>", "only these school units (schoolUnitCodes, comma-separated): those marked for the LMS")
    .option("--starts-within <days>", "also import what starts within this many days", parseCount);
  withSs12000RunOptions(command, "ist-educloud").action(async (options: IstEducloudOptions) => {
    const input: IstEducloudSettingsInput = {
      ...(options.customerId !== undefined ? { customerId: options.customerId } : {}),
      ...(options.url !== undefined ? { url: options.url } : {}),
      ...(options.tokenUrl !== undefined ? { tokenUrl: options.tokenUrl } : {}),
      clientId: options.clientId,
      clientSecretEnv: options.clientSecretEnv,
      ...(options.scope !== undefined ? { scope: options.scope } : {}),
      ...(options.lmsSchools !== undefined ? { lmsSchoolUnitCodes: commaList(options.lmsSchools) } : {}),
      ...(options.startsWithin !== undefined ? { startsWithinDays: options.startsWithin } : {}),
      ...tuningOf(options),
    };
    await runSs12000Import(context, options, parsedSettings(istEducloudSettingsSchema, input, "IST EduCloud"), "IST EduCloud");
  });
}
