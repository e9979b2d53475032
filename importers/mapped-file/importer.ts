import { basename } from "node:path";
import type { Logger } from "../../src/log/logger.ts";
import { RegisterFileError, type Problem } from "./file-error.ts";
import { MappedRecordReader } from "./mapped-records.ts";
import type { Mapping } from "./mapping.ts";
import { loadMapping } from "./presets.ts";
import { readRecordSets } from "./read.ts";
import { Roster } from "./roster.ts";
import { rosterRecords, type RosterRecords } from "./roster-records.ts";
import type { MappedFileSettings } from "./settings.ts";

export interface MappedFileImportContext {
  tenantId: string;
  sourceId: string;
  /** YYYY-MM-DD: the classes belong to the terms of the school year this day falls in. */
  today: string;
  logger?: Logger;
}

/** A file read into a roster through its mapping; throws a RegisterFileError listing every problem. */
export async function readMappedRoster(path: string, mapping: Mapping): Promise<Roster> {
  const problems: Problem[] = [];
  const roster = new Roster();
  const reader = new MappedRecordReader(mapping, basename(path), roster, problems);
  for (const { set, records } of await readRecordSets(path, mapping, problems)) for (const record of records) reader.read(record, set);
  if (problems.length > 0) throw new RegisterFileError(problems);
  return roster;
}

/**
 * Reads a mapped file (Adela's XML, Skolplatsen's export, or any file with a mapping of one's own) into OneRoster
 * records for a full import. A bad file (unreadable, wrong encoding, a missing column, truncated XML, a bad value)
 * throws a RegisterFileError before anything is yielded.
 */
export async function readMappedFile(settings: MappedFileSettings, context: MappedFileImportContext): Promise<RosterRecords> {
  const mapping = await loadMapping(settings.mapping);
  if (mapping.toBeConfirmed) context.logger?.warn({ mapping: mapping.name }, "this mapping preset is still to be confirmed with a customer file: check the result");
  const roster = await readMappedRoster(settings.file, mapping);
  const records = rosterRecords(roster, { ...context, terms: settings.terms, personnummer: settings.personnummer });
  context.logger?.info({ file: settings.file, mapping: mapping.name, users: records.users.length, classes: records.classes.length }, "mapped file read");
  return records;
}
