import type { ColumnType, Generated } from "kysely";

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** timestamptz: read as Date, written as Date or ISO string. */
export type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** date: kept as 'YYYY-MM-DD' text on both engines (see db/connection.ts), never a local-time Date. */
export type DateOnly = string;
/** text[]: scalar lists (grades, subjects …), never references. */
export type TextList = ColumnType<string[], string[] | undefined, string[]>;
/** jsonb object: written as an object on both engines. */
export type Jsonb = ColumnType<JsonObject, JsonObject, JsonObject>;
/** jsonb array: written as JSON text, because pg would send a JS array as a Postgres array literal. */
export type JsonbArray = ColumnType<JsonValue[], string, string>;

export type RecordStatus = "active" | "tobedeleted";

/** Columns every OneRoster entity row carries. */
export interface EntityBase {
  tenant_id: string;
  sourced_id: string;
  /** The configured source (importer) that owns the row; a full import of one source never touches another's. */
  source_id: string;
  status: ColumnType<RecordStatus, RecordStatus | undefined, RecordStatus>;
  /** Set by the database on every real change (trigger), never by application code. */
  date_last_modified: Generated<Date>;
  metadata: Jsonb | null;
}

/** Entity rows the sync engine writes: they keep the digest of the content they were written with (src/sync). */
export interface SyncedEntityBase extends EntityBase {
  sync_hash: string | null;
}
