import type { CanonicalRecords, EntityName } from "../../../src/model/canonical.ts";
import type { RowReader } from "../row-reader.ts";

/** A sourcedId a row names in one of its columns, which must be in the zip or already in the tenant. */
export interface RowReference {
  column: string;
  entity: EntityName;
  sourcedId: string;
}

export interface MapOptions {
  /** "store" keeps personnummer-like identifiers; "drop" (the default) leaves them out and counts them. */
  personnummer: "drop" | "store";
  /** Personnummer-like values left out, per column. */
  personnummerDropped: Record<string, number>;
}

/** How the rows of one file become canonical records; the reader has already checked sourcedId and status. */
export interface FileMapper<E extends EntityName> {
  entity: E;
  toRecord(row: RowReader, sourcedId: string, options: MapOptions): CanonicalRecords[E];
  references(record: CanonicalRecords[E]): RowReference[];
}

export const refs = (column: string, entity: EntityName, ...ids: (string | null | undefined)[]): RowReference[] =>
  ids.filter((id): id is string => !!id).map((sourcedId) => ({ column, entity, sourcedId }));
