import { classroomSettingsSchema, type ClassroomSettings } from "../../../exporters/google-classroom/settings.ts";
import { defineExporterKind, type KindContext } from "../kind.ts";
import { withSecretReferences } from "../secrets.ts";
import { strictKeys } from "../strict-keys.ts";

/** The settings with the key file's path made absolute against the setup file. */
function withPaths(settings: ClassroomSettings, context: KindContext): ClassroomSettings {
  return settings.keyFile === undefined ? settings : { ...settings, keyFile: context.path(settings.keyFile) };
}

/** The service account's key (from its file or the environment) and a Classroom client acting as the admin. */
async function clientOf(settings: ClassroomSettings, context: KindContext) {
  // Loaded on use: googleapis would slow every process that never exports to Classroom.
  const { classroomClient, loadServiceAccountKey, ServiceAccountKeyError } = await import("../../../exporters/google-classroom/client.ts");
  try {
    const key = loadServiceAccountKey(settings, context.env);
    return { key, client: classroomClient(settings, key) };
  } catch (error) {
    if (error instanceof ServiceAccountKeyError) throw new Error(`settings.${settings.keyFile !== undefined ? "keyFile" : "keyJson"}: ${error.message}`);
    throw error;
  }
}

/** Google Classroom: a course per class with its teachers and students; ended classes archived, never deleted. */
export const classroomExporterKind = defineExporterKind({
  kind: "classroom",
  fields: { settings: withSecretReferences(strictKeys(classroomSettingsSchema)) },
  async run(entry, context) {
    const settings = withPaths(entry.settings, context);
    const { client } = await clientOf(settings, context);
    const { runClassroomExport } = await import("../../../exporters/google-classroom/exporter.ts");
    const result = await runClassroomExport(
      context.db,
      settings,
      { tenantId: context.tenantId, targetId: entry.id, dryRun: false, logger: context.logger },
      { client, today: context.today },
    );
    return { runId: result.runId, outcome: result.outcome };
  },
  checks(entry, context) {
    return [
      {
        what: "token",
        run: async () => {
          const settings = withPaths(entry.settings, context);
          const { key, client } = await clientOf(settings, context);
          const token = await client.auth.authorize().catch((error: Error) => Promise.reject(new Error(`token request to ${settings.tokenUrl} failed: ${error.message}`)));
          if (!token.access_token) throw new Error("the token endpoint gave no access token");
          return `token for ${key.client_email} acting as ${settings.adminSubject}`;
        },
      },
    ];
  },
});
