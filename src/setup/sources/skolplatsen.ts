import { skolplatsenSettingsSchema } from "../../../importers/skolplatsen/settings.ts";
import { mappedFileSourceKind } from "./mapped-file-kinds.ts";

/** Skolplatsen's person export through the skolplatsen mapping preset. */
export const skolplatsenSource = mappedFileSourceKind("skolplatsen", skolplatsenSettingsSchema);
