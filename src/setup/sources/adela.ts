import { adelaSettingsSchema } from "../../../importers/adela/settings.ts";
import { mappedFileSourceKind } from "./mapped-file-kinds.ts";

/** Tersus Adela's XML export (fetched from Adela's FTP beforehand) through the adela mapping preset. */
export const adelaSource = mappedFileSourceKind("adela", adelaSettingsSchema);
