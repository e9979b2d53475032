import { UNIKUM_KIND } from "../../../importers/unikum/importer.ts";
import { unikumSettingsSchema } from "../../../importers/unikum/settings.ts";
import { importUnikum } from "../../imports/unikum-import.ts";
import { readableFile } from "../checks/files.ts";
import { defineSourceKind, type Check } from "../kind.ts";
import { strictKeys } from "../strict-keys.ts";

/** Unikum's text import files (objects, then relations), a full import each run. */
export const unikumSource = defineSourceKind({
  kind: UNIKUM_KIND,
  fields: { settings: strictKeys(unikumSettingsSchema) },
  async run(entry, context) {
    const files = entry.settings.files.map(context.path);
    for (const file of files) await readableFile(file);
    return importUnikum(context.db, { ...entry.settings, files, personnummer: context.personnummer }, {
      tenantId: context.tenantId,
      sourceId: entry.id,
      today: context.today,
      force: context.force,
      guard: context.guard,
      logger: context.logger,
    });
  },
  checks(entry, context) {
    return entry.settings.files.map((file): Check => ({ what: "file", run: () => readableFile(context.path(file)) }));
  },
});
