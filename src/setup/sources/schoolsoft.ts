import { schoolsoftSettingsSchema } from "../../../importers/schoolsoft/settings.ts";
import { defineSourceKind } from "../kind.ts";
import { withSecretReferences } from "../secrets.ts";
import { strictKeys } from "../strict-keys.ts";
import { identityCsvField, runSs12000Source, ss12000Checks } from "./ss12000-shared.ts";

/** SchoolSoft's SS 12000 complete export (optionally only its marked activities): a preset resolved to SS 12000 settings. */
export const schoolsoftSource = defineSourceKind({
  kind: "schoolsoft",
  fields: {
    settings: withSecretReferences(strictKeys(schoolsoftSettingsSchema)),
    identityCsv: identityCsvField,
  },
  run: (entry, context) => runSs12000Source(entry.id, entry.settings, entry.identityCsv, context),
  checks: (entry, context) => ss12000Checks(entry.settings, entry.identityCsv, context),
});
