import type { SourceKind } from "./kind.ts";
import { adelaSource } from "./sources/adela.ts";
import { alvisSource } from "./sources/alvis.ts";
import { edlevoSource } from "./sources/edlevo.ts";
import { istEducloudSource } from "./sources/ist-educloud.ts";
import { istImsSource } from "./sources/ist-ims.ts";
import { mappedFileSource } from "./sources/mapped-file.ts";
import { oneRosterCsvSource } from "./sources/oneroster-csv.ts";
import { schoolsoftSource } from "./sources/schoolsoft.ts";
import { skolplatsenSource } from "./sources/skolplatsen.ts";
import { ss12000Source } from "./sources/ss12000.ts";
import { unikumSource } from "./sources/unikum.ts";

/**
 * Every kind of source a setup may name: kind → its settings schema (the importer's own) and how to run and check it.
 * A new importer is one entry here (and one file in ./sources/ built with defineSourceKind).
 */
export const SOURCE_KINDS = [
  ss12000Source,
  istEducloudSource,
  schoolsoftSource,
  edlevoSource,
  istImsSource,
  alvisSource,
  unikumSource,
  adelaSource,
  skolplatsenSource,
  mappedFileSource,
  oneRosterCsvSource,
] as const;

export type SourceKindName = (typeof SOURCE_KINDS)[number]["kind"];

export function sourceKind(kind: string): SourceKind<string, any> {
  const found = SOURCE_KINDS.find((k) => k.kind === kind);
  if (!found) throw new Error(`unknown source kind "${kind}"`);
  return found as unknown as SourceKind<string, any>;
}
