import { AccessToken } from "../../../importers/ss12000/access-token.ts";
import { Ss12000Client } from "../../../importers/ss12000/client.ts";
import type { Ss12000Settings } from "../../../importers/ss12000/settings.ts";
import { readIdentityCsv } from "../../../importers/identity-csv/identity-index.ts";
import { identityCsvSettingsSchema, type IdentityCsvSettings } from "../../../importers/identity-csv/settings.ts";
import { importSs12000 } from "../../imports/ss12000-import.ts";
import type { SyncResult } from "../../sync/types.ts";
import type { Check, KindContext, SourceRunContext } from "../kind.ts";
import { strictKeys } from "../strict-keys.ts";

/** The optional identity CSV an SS 12000-based source may have beside its settings. */
export const identityCsvField = strictKeys(identityCsvSettingsSchema).optional();

/**
 * An SS 12000 source (or a register preset resolved to SS 12000 settings) run through importSs12000, with the
 * tenant's personnummer policy and the identity CSV's path made absolute.
 */
export async function runSs12000Source(
  sourceId: string,
  settings: Ss12000Settings,
  identityCsv: IdentityCsvSettings | undefined,
  context: SourceRunContext,
): Promise<SyncResult> {
  const identity = identityCsv && { ...identityCsv, file: context.path(identityCsv.file) };
  return importSs12000(context.db, { ...settings, personnummer: context.personnummer }, {
    tenantId: context.tenantId,
    sourceId,
    today: context.today,
    env: context.env,
    logger: context.logger,
    force: context.force,
    guard: context.guard,
    ...(identity ? { identity: { settings: identity, index: await readIdentityCsv(identity) } } : {}),
  });
}

/** A token, the first page of /organisations, and the identity CSV if there is one. */
export function ss12000Checks(resolved: Ss12000Settings, identityCsv: IdentityCsvSettings | undefined, context: KindContext): Check[] {
  // One attempt each: a check says what is wrong now, it does not wait out a flaky source.
  const settings: Ss12000Settings = { ...resolved, pageSize: 1, maxAttempts: 1 };
  return [
    {
      what: "token",
      run: async () => {
        await new AccessToken(settings, context.env).get();
        return settings.tokenEnv !== undefined ? `static token from ${settings.tokenEnv}` : `token from ${settings.tokenUrl}`;
      },
    },
    {
      what: "first page of /organisations",
      run: async () => {
        const first = await new Ss12000Client(settings, { env: context.env }).pages("organisations").next();
        return `${settings.url} answered (${first.done ? 0 : first.value.length} object(s) on the first page)`;
      },
    },
    ...(identityCsv
      ? [
          {
            what: "identity CSV",
            run: async () => {
              const index = await readIdentityCsv({ ...identityCsv, file: context.path(identityCsv.file) });
              return `${index.rows} row(s), ${index.problems.length} left out`;
            },
          },
        ]
      : []),
  ];
}
