import { basename } from "node:path";
import type { Problem } from "./file-error.ts";
import type { MappedField, Mapping, RecordSet } from "./mapping.ts";
import type { SourceRecord } from "./source-record.ts";
import { tabularRecords } from "./tabular-source.ts";
import { XmlDocument } from "./xml-source.ts";

/** The records of each record set of a mapped file (none for a set whose file, sheet or header is wrong: see problems). */
export async function readRecordSets(path: string, mapping: Mapping, problems: Problem[]): Promise<Array<{ set: RecordSet; records: SourceRecord[] }>> {
  const name = basename(path);
  if (mapping.format === "xml") {
    const document = await XmlDocument.read(path, name, mapping, problems);
    return mapping.records.map((set) => ({ set, records: document ? document.records(set.path!) : [] }));
  }
  const sets: Array<{ set: RecordSet; records: SourceRecord[] }> = [];
  for (const set of mapping.records) {
    const refs = [...new Set(Object.values(set.fields).filter((r): r is string => r !== undefined))];
    sets.push({ set, records: await tabularRecords(path, name, mapping, set, problems, refs) });
  }
  return sets;
}

/** The fields in the order a person reads them. */
export const FIELD_ORDER: readonly MappedField[] = [
  "personId",
  "personnummer",
  "givenName",
  "familyName",
  "email",
  "phone",
  "mobile",
  "role",
  "protected",
  "school",
  "schoolName",
  "schoolCode",
  "schoolType",
  "grade",
  "class",
  "groups",
];
