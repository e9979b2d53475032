import { EDLEVO_DIALECT, EDLEVO_KIND, edlevoInputs, edlevoSettingsSchema, type EdlevoSettings } from "../../../importers/edlevo/index.ts";
import { importImsEnterprise } from "../../imports/ims-enterprise-import.ts";
import { readableFile } from "../checks/files.ts";
import { checkCertificateService } from "../checks/https.ts";
import { defineSourceKind, type Check, type KindContext } from "../kind.ts";
import { withSecretReferences } from "../secrets.ts";
import { strictKeys } from "../strict-keys.ts";

/** How long a check waits for an Edlevo service's first bytes. */
const CHECK_TIMEOUT_MS = 20_000;

/** The saved answers' and the client certificate's paths made absolute against the setup file. */
function withPaths(settings: EdlevoSettings, context: KindContext): EdlevoSettings {
  const tls = settings.tls;
  return {
    ...settings,
    files: settings.files.map(context.path),
    personnelFiles: settings.personnelFiles.map(context.path),
    ...(tls
      ? { tls: { ...tls, certFile: context.path(tls.certFile), keyFile: context.path(tls.keyFile), ...(tls.caFile !== undefined ? { caFile: context.path(tls.caFile) } : {}) } }
      : {}),
  };
}

/** Tieto Edlevo: its Organization API v12 services (+ Personnel API v8) over HTTPS with a client certificate, or saved answers. */
export const edlevoSource = defineSourceKind({
  kind: EDLEVO_KIND,
  fields: { settings: withSecretReferences(strictKeys(edlevoSettingsSchema)) },
  async run(entry, context) {
    const settings = { ...withPaths(entry.settings, context), personnummer: context.personnummer };
    return importImsEnterprise(context.db, settings, {
      tenantId: context.tenantId,
      sourceId: entry.id,
      kind: EDLEVO_KIND,
      dialect: EDLEVO_DIALECT,
      inputs: edlevoInputs(settings, { env: context.env }),
      today: context.today,
      force: context.force,
      guard: context.guard,
      logger: context.logger,
    });
  },
  checks(entry, context) {
    const settings = withPaths(entry.settings, context);
    const timeout = Math.min(settings.timeoutMs, CHECK_TIMEOUT_MS);
    const services = [...settings.services.map((s) => s.url), ...(settings.personnelUrl !== undefined ? [settings.personnelUrl] : [])];
    return [
      ...[...settings.files, ...settings.personnelFiles].map((file): Check => ({ what: "saved answer", run: () => readableFile(file) })),
      ...services.map((url): Check => ({ what: "service with the client certificate", run: () => checkCertificateService(url, settings.tls!, context.env, timeout) })),
    ];
  },
});
