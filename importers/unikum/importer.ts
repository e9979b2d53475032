import type { Logger } from "../../src/log/logger.ts";
import { rosterRecords, type RosterRecords } from "../mapped-file/roster-records.ts";
import { readUnikumFiles } from "./read.ts";
import type { UnikumSettings } from "./settings.ts";

export const UNIKUM_KIND = "unikum";

export interface UnikumImportContext {
  tenantId: string;
  sourceId: string;
  /** YYYY-MM-DD: the classes belong to the terms of the school year this day falls in. */
  today: string;
  logger?: Logger;
}

/**
 * Reads a Unikum text import (objects, then relations) into OneRoster records; a full import (the files are the
 * whole picture). Throws a RegisterFileError listing every problem (file:line: column: why) when any file is bad.
 */
export async function readUnikum(settings: UnikumSettings, context: UnikumImportContext): Promise<RosterRecords> {
  const roster = await readUnikumFiles(settings);
  const records = rosterRecords(roster, { ...context, terms: settings.terms, personnummer: settings.personnummer });
  context.logger?.info({ files: settings.files.length, users: records.users.length, classes: records.classes.length }, "Unikum files read");
  return records;
}
