import { plainInputs } from "../../../importers/ims-enterprise/plain-inputs.ts";
import { plainImsFileSettingsSchema, type PlainImsFileSettings } from "../../../importers/ims-enterprise/settings.ts";
import { importImsEnterprise } from "../../imports/ims-enterprise-import.ts";
import { readableFile } from "../checks/files.ts";
import { checkSftpFile } from "../checks/sftp.ts";
import { defineSourceKind, type KindContext } from "../kind.ts";
import { withSecretReferences } from "../secrets.ts";
import { strictKeys } from "../strict-keys.ts";

/** The settings with the export's path (or the SFTP key file's) made absolute against the setup file. */
function withPaths(settings: PlainImsFileSettings, context: KindContext): PlainImsFileSettings {
  return {
    ...settings,
    ...(settings.file !== undefined ? { file: context.path(settings.file) } : {}),
    ...(settings.sftp?.privateKeyFile !== undefined ? { sftp: { ...settings.sftp, privateKeyFile: context.path(settings.sftp.privateKeyFile) } } : {}),
  };
}

/** A register that drops one plain IMS Enterprise 1.1 export (Alvis, IST Extens): a local file or one fetched by SFTP. */
export function plainImsSourceKind<const K extends string>(kind: K, description: string) {
  return defineSourceKind({
    kind,
    fields: { settings: withSecretReferences(strictKeys(plainImsFileSettingsSchema)) },
    async run(entry, context) {
      const settings = { ...withPaths(entry.settings, context), personnummer: context.personnummer };
      return importImsEnterprise(context.db, settings, {
        tenantId: context.tenantId,
        sourceId: entry.id,
        kind,
        dialect: "plain",
        inputs: plainInputs(settings, context.env),
        today: context.today,
        force: context.force,
        guard: context.guard,
        logger: context.logger,
      });
    },
    checks(entry, context) {
      const settings = withPaths(entry.settings, context);
      return settings.sftp
        ? [{ what: `${description} over SFTP`, run: () => checkSftpFile(settings.sftp!, context.env) }]
        : [{ what: description, run: () => readableFile(settings.file!) }];
    },
  });
}
