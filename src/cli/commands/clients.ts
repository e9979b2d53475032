import type { Command } from "commander";
import { ClientInputError, createClient, listClients, revokeClient, type ClientRecord } from "../../api/auth/clients.ts";
import type { DatabaseHandle } from "../../../db/connection.ts";
import { secretBoxFromSettings, type SecretBox } from "../../api/auth/secret-box.ts";
import type { CliContext } from "../context.ts";
import { withMigratedDatabase } from "../database.ts";
import { commaList, parseTenantId } from "../options.ts";
import { CliError } from "../cli-error.ts";

function describeClient(client: ClientRecord): string {
  const schools = client.schoolSourcedIds ? client.schoolSourcedIds.join(",") : "all schools";
  const state = client.revokedAt ? `revoked ${client.revokedAt.toISOString()}` : "active";
  return `${client.clientId}  ${client.tenantId}  ${state}  "${client.name}"  scopes: ${client.scopes.join(",")}  schools: ${schools}`;
}

type Tools = ReturnType<CliContext> & { database: DatabaseHandle; box: SecretBox | undefined };

/** Runs `work` on the migrated database; the secret key, when needed, is checked first so a missing one fails fast. */
async function withDatabase<T>(context: CliContext, needsSecretKey: boolean, work: (tools: Tools) => Promise<T>): Promise<T> {
  const tools = context();
  const box = needsSecretKey ? secretBoxFromSettings(tools.settings, tools.logger) : undefined;
  try {
    return await withMigratedDatabase(tools.settings, tools.logger, (database) => work({ ...tools, database, box }));
  } catch (error) {
    if (error instanceof ClientInputError) throw new CliError(error.message);
    throw error;
  }
}

/** `oneroster clients add|list|revoke`: the OAuth credentials of API consumers. */
export function registerClients(program: Command, context: CliContext): void {
  const clients = program.command("clients").description("manage API clients (OAuth 1.0a consumer keys / OAuth 2 client credentials)");

  clients
    .command("add")
    .description("create a client; its secret is printed once and cannot be shown again")
    .requiredOption("--tenant <id>", "tenant the client reads", parseTenantId)
    .option("--name <name>", "who the client is, e.g. the vendor", "API client")
    .option("--schools <sourcedIds>", "limit the client to these schools (comma-separated sourcedIds)", commaList)
    .option("--scopes <scopes>", "comma-separated scopes, e.g. roster.readonly,gradebook.readonly (default: every read-only scope)", commaList)
    .option("--json", 'print {"clientId","clientSecret"} only, for scripts')
    .action((options: { tenant: string; name: string; schools?: string[]; scopes?: string[]; json?: boolean }) =>
      withDatabase(context, true, async ({ logger, out, database, box }) => {
        const credentials = await createClient(database.db, box!, {
          tenantId: options.tenant,
          name: options.name,
          ...(options.scopes ? { scopes: options.scopes } : {}),
          schoolSourcedIds: options.schools ?? null,
        });
        logger.info({ clientId: credentials.clientId, tenant: options.tenant }, "API client created");
        if (options.json) return out(JSON.stringify(credentials));
        out(`client id:     ${credentials.clientId}`);
        out(`client secret: ${credentials.clientSecret}`);
        out("Store the secret now: it is shown only this once.");
      }),
    );

  clients
    .command("list")
    .description("list clients (never their secrets)")
    .option("--tenant <id>", "only this tenant's clients", parseTenantId)
    .option("--json", "print a JSON array")
    .action((options: { tenant?: string; json?: boolean }) =>
      withDatabase(context, false, async ({ out, database }) => {
        const found = await listClients(database.db, options.tenant);
        if (options.json) return out(JSON.stringify(found));
        if (found.length === 0) return out("no API clients");
        for (const client of found) out(describeClient(client));
      }),
    );

  clients
    .command("revoke")
    .description("revoke a client: its signatures and tokens stop working within 30 seconds")
    .argument("<clientId>", "the client to revoke")
    .action((clientId: string) =>
      withDatabase(context, false, async ({ out, logger, database }) => {
        const revoked = await revokeClient(database.db, clientId);
        if (!revoked) throw new CliError(`no API client "${clientId}"`);
        logger.info({ clientId }, "API client revoked");
        out(`revoked ${clientId} (${revoked.revokedAt.toISOString()})`);
      }),
    );
}
