import { ss12000SettingsSchema } from "../../../importers/ss12000/settings.ts";
import { defineSourceKind } from "../kind.ts";
import { withSecretReferences } from "../secrets.ts";
import { strictKeys } from "../strict-keys.ts";
import { identityCsvField, runSs12000Source, ss12000Checks } from "./ss12000-shared.ts";

/** An SS 12000 v2.1 API (Edlevo, IST/EduCloud, SchoolSoft …), optionally with an identity CSV for e-mail and username. */
export const ss12000Source = defineSourceKind({
  kind: "ss12000",
  fields: {
    settings: withSecretReferences(strictKeys(ss12000SettingsSchema)),
    identityCsv: identityCsvField,
  },
  run: (entry, context) => runSs12000Source(entry.id, entry.settings, entry.identityCsv, context),
  checks: (entry, context) => ss12000Checks(entry.settings, entry.identityCsv, context),
});
