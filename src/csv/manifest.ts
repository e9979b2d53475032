import { MANIFEST_FILE_ORDER, type CsvFileName } from "./columns.ts";
import { csvRecords } from "./csv-text.ts";

/** bulk: the whole set (header only when there is none); delta: changed rows; absent: the file is not in the zip. */
export type FileMode = "bulk" | "delta" | "absent";

export const SYSTEM_NAME = "oneroster-server";

/** manifest.csv: the versions, one `file.*` row per file of the binding, and who made it (the tenant as code). */
export function manifestCsv(modes: Readonly<Record<CsvFileName, FileMode>>, tenantId: string): string {
  return csvRecords([
    ["propertyName", "value"],
    ["manifest.version", "1.0"],
    ["oneroster.version", "1.1"],
    ...MANIFEST_FILE_ORDER.map((name) => [`file.${name}`, modes[name]]),
    ["source.systemName", SYSTEM_NAME],
    ["source.systemCode", tenantId],
  ]);
}
