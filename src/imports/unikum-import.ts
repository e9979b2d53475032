import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { readUnikum, UNIKUM_KIND } from "../../importers/unikum/importer.ts";
import type { UnikumSettings } from "../../importers/unikum/settings.ts";
import type { SyncResult } from "../sync/types.ts";
import { syncRosterRecords, todayOf, type FileImportOptions } from "./mapped-file-import.ts";

/** Reads a Unikum text import and applies it through the sync engine as a full import; a bad file changes nothing. */
export async function importUnikum(db: Kysely<Database>, settings: UnikumSettings, options: FileImportOptions): Promise<SyncResult> {
  const records = await readUnikum(settings, { ...options, today: todayOf(options) });
  return syncRosterRecords(db, records, UNIKUM_KIND, options);
}
