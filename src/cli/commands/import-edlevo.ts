import type { Command } from "commander";
import { EDLEVO_DIALECT, EDLEVO_KIND, edlevoInputs, edlevoSettingsSchema } from "../../../importers/edlevo/index.ts";
import { deltaSince } from "../../imports/ss12000-import.ts";
import { CliError } from "../cli-error.ts";
import type { CliContext } from "../context.ts";
import { addImsCommonOptions, collect, commonSettingsInput, parseSettings, runImsImport, type ImsCommonOptions } from "./import-ims-enterprise.ts";

interface EdlevoOptions extends ImsCommonOptions {
  url?: string[];
  deltaUrl?: string[];
  personnelUrl?: string;
  file?: string[];
  personnelFile?: string[];
  cert?: string;
  key?: string;
  ca?: string;
  passphraseEnv?: string;
  delta?: boolean;
}

/** Edlevo keeps delta windows between 5 minutes and 24 hours long, ending at least 5 minutes ago. */
const MINUTE = 60_000;

/** `oneroster import edlevo --tenant T`: Tieto Edlevo's Organization API v12 (+ Personnel API v8), or saved answers. */
export function registerImportEdlevo(importer: Command, context: CliContext): void {
  const command = importer.command("edlevo").description("import from Tieto Edlevo's Organization API v12 and Personnel API v8 (HTTPS with a client certificate), or saved answers");
  addImsCommonOptions(command, EDLEVO_KIND)
    .option("--url <url>", "an Organization API service (one per school type; repeat)", collect)
    .option("--delta-url <url>", "its delta service, in the order of --url (repeat)", collect)
    .option("--personnel-url <url>", "the Personnel API service (staff e-mail, placements, privacy)")
    .option("--file <path>", "a saved Organization API answer instead of --url (repeat; a DeltaOrganization file is read as a delta)", collect)
    .option("--personnel-file <path>", "a saved Personnel API answer (repeat)", collect)
    .option("--cert <file>", "client certificate (PEM) for the services")
    .option("--key <file>", "its private key (PEM)")
    .option("--ca <file>", "CA certificate of the services, when not a public one")
    .option("--passphrase-env <NAME>", "environment variable holding the key's passphrase")
    .option("--delta", "ask the delta services for what changed since the last good run")
    .action(async (options: EdlevoOptions) => {
      const urls = options.url ?? [];
      const deltaUrls = options.deltaUrl ?? [];
      if (deltaUrls.length > 0 && deltaUrls.length !== urls.length) throw new CliError("give one --delta-url per --url");
      if (options.delta && urls.length === 0) throw new CliError("--delta asks the services (--url with --delta-url); a saved DeltaOrganization file is read as a delta by itself");
      const settings = parseSettings(
        edlevoSettingsSchema,
        {
          ...commonSettingsInput(options),
          services: urls.map((url, i) => ({ url, ...(deltaUrls[i] ? { deltaUrl: deltaUrls[i] } : {}) })),
          ...(options.personnelUrl ? { personnelUrl: options.personnelUrl } : {}),
          files: options.file ?? [],
          personnelFiles: options.personnelFile ?? [],
          ...(options.cert || options.key
            ? { tls: { certFile: options.cert, keyFile: options.key, ...(options.ca ? { caFile: options.ca } : {}), ...(options.passphraseEnv ? { passphraseEnv: options.passphraseEnv } : {}) } }
            : {}),
        },
        "Edlevo",
      );
      await runImsImport(context, options, {
        kind: EDLEVO_KIND,
        label: "Edlevo",
        dialect: EDLEVO_DIALECT,
        settings,
        inputs: async (database) => {
          if (!options.delta) return edlevoInputs(settings);
          const start = await deltaSince(database.db, options.tenant, options.source).catch((error: Error) => {
            throw new CliError(error.message);
          });
          return edlevoInputs(settings, { delta: edlevoDeltaWindow(start, new Date()) });
        },
      });
    });
}

/**
 * The window an Edlevo delta asks for: from `since` to 5 minutes ago, in Swedish local time. Edlevo allows 5 minutes
 * to 24 hours; outside that a CliError says what to do.
 */
export function edlevoDeltaWindow(since: string, now: Date): { start: string; end: string } {
  const end = new Date(now.getTime() - 5 * MINUTE);
  const span = end.getTime() - Date.parse(since);
  if (span < 5 * MINUTE) throw new CliError("the last good run is too recent for an Edlevo delta (at least 5 minutes, ending 5 minutes ago)");
  if (span > 24 * 60 * MINUTE) throw new CliError("the last good run is more than 24 hours ago, longer than an Edlevo delta may span: run a complete import");
  return { start: stockholmTime(new Date(since)), end: stockholmTime(end) };
}

/** Edlevo's date-times carry no zone and are Swedish local time: YYYY-MM-DDTHH:MM:SS. */
function stockholmTime(date: Date): string {
  return date.toLocaleString("sv-SE", { timeZone: "Europe/Stockholm", hour12: false }).replace(" ", "T");
}
