import type { EntityName } from "../../src/model/canonical.ts";
import type { Problem } from "./problems.ts";
import type { RowReference } from "./rows/mapper.ts";

/** What the zip says about one entity's sourcedIds. */
export interface EntityIds {
  /** Every sourcedId on a row of the file → its first line. */
  seen: Map<string, number>;
  /** sourcedIds of rows that are invalid (or left out): references to them cannot be kept. */
  invalid: Set<string>;
  /** tobedeleted rows: not there for references. */
  deleted: Set<string>;
  /** The header was wrong: its ids are unknown, so references to it are not judged. */
  unreadable: boolean;
}

export const emptyEntityIds = (): EntityIds => ({ seen: new Map(), invalid: new Set(), deleted: new Set(), unreadable: false });

export const notFound = (entity: EntityName, sourcedId: string) => `${JSON.stringify(sourcedId)} is neither in ${entity}.csv nor in the tenant`;

/** The problem of a row left out (skipInvalid) because it names a row that is left out. */
export function skippedReference(file: EntityName, line: number, ref: RowReference, target: EntityIds): Problem {
  const at = target.seen.get(ref.sourcedId);
  return { file: `${file}.csv`, line, column: ref.column, why: `refers to ${ref.entity} ${JSON.stringify(ref.sourcedId)}, which is skipped (${ref.entity}.csv:${at})` };
}
