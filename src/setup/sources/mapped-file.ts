import { mappedFileSettingsSchema } from "../../../importers/mapped-file/settings.ts";
import { mappedFileSourceKind } from "./mapped-file-kinds.ts";

/** Any CSV, TSV, XLSX or XML file through a mapping: a preset's name, a mapping file, or the mapping itself. */
export const mappedFileSource = mappedFileSourceKind("mapped-file", mappedFileSettingsSchema);
