import { graphSettingsSchema } from "../../../exporters/graph/settings.ts";
import { defineExporterKind, type KindContext } from "../kind.ts";
import { withSecretReferences } from "../secrets.ts";

function clientSecret(name: string, context: KindContext): string {
  const secret = context.env[name];
  if (!secret) throw new Error(`settings.clientSecret: the environment variable ${name} is not set`);
  return secret;
}

/** Microsoft 365 classes, memberships and class teams through Graph. */
export const graphExporterKind = defineExporterKind({
  kind: "graph",
  fields: { settings: withSecretReferences(graphSettingsSchema) },
  async run(entry, context) {
    const secret = clientSecret(entry.settings.clientSecretEnv, context);
    // Loaded on use: the Graph SDK and MSAL would slow every process that never exports to Graph.
    const [{ graphClient }, { runGraphExport }] = await Promise.all([import("../../../exporters/graph/client.ts"), import("../../../exporters/graph/exporter.ts")]);
    const result = await runGraphExport(
      context.db,
      entry.settings,
      { tenantId: context.tenantId, targetId: entry.id, dryRun: false, logger: context.logger },
      { client: graphClient(entry.settings, secret), today: context.today },
    );
    return { runId: result.runId, outcome: result.outcome };
  },
  checks(entry, context) {
    return [
      {
        what: "token",
        run: async () => {
          const secret = clientSecret(entry.settings.clientSecretEnv, context);
          const { tokenClient } = await import("../../../exporters/graph/client.ts");
          const scope = `${entry.settings.graphUrl.replace(/\/$/, "")}/.default`;
          const authority = `${entry.settings.authorityUrl.replace(/\/$/, "")}/${entry.settings.directoryTenantId}`;
          const result = await tokenClient(entry.settings, secret)
            .acquireTokenByClientCredential({ scopes: [scope] })
            .catch((error: Error) => Promise.reject(new Error(`token request to ${authority} failed: ${error.message}`)));
          if (!result?.accessToken) throw new Error("the token endpoint gave no access token");
          return `token for ${entry.settings.clientId} in ${entry.settings.directoryTenantId}`;
        },
      },
    ];
  },
});
