import { istEducloudSettingsSchema } from "../../../importers/ist-educloud/settings.ts";
import { defineSourceKind } from "../kind.ts";
import { withSecretReferences } from "../secrets.ts";
import { strictKeys } from "../strict-keys.ts";
import { identityCsvField, runSs12000Source, ss12000Checks } from "./ss12000-shared.ts";

/** IST Extens / IST Administration through EduCloud: the EduCloud preset, resolved to SS 12000 settings when validated. */
export const istEducloudSource = defineSourceKind({
  kind: "ist-educloud",
  fields: {
    settings: withSecretReferences(strictKeys(istEducloudSettingsSchema)),
    identityCsv: identityCsvField,
  },
  run: (entry, context) => runSs12000Source(entry.id, entry.settings, entry.identityCsv, context),
  checks: (entry, context) => ss12000Checks(entry.settings, entry.identityCsv, context),
});
