import type { Expression, Kysely, SelectQueryBuilder, SqlBool } from "kysely";
import type { Database } from "../../../db/schema.ts";
import type { FilterFields } from "../query/filter-compiler.ts";
import type { RefBuilder } from "./refs.ts";

// Each entity's query selects from its table under the alias "e"; the row type is the entity's own.
// biome-ignore lint: the builder's table types differ per entity; rows are typed by each definition.
export type EntitySelect<Row> = SelectQueryBuilder<any, any, Row>;

export type JsonRecord = Record<string, unknown>;

/**
 * One OneRoster entity as the REST binding serves it: the envelope keys, the fields a filter or sort may name,
 * the query that reads its rows (columns plus the GUIDRef lists gathered from junction tables) and the JSON of a row.
 */
export interface EntityDefinition<Row = any> {
  /** GUIDRef type and singular envelope key, e.g. "user". */
  type: string;
  /** Collection envelope key, e.g. "users". */
  collectionKey: string;
  /** Single-record envelope key, e.g. "user" ("demographics" for demographics). */
  recordKey: string;
  /** Top-level JSON fields in output order: what `fields` may select. */
  jsonFields: readonly string[];
  /** Fields `filter` and `sort` may name, with the column each reads (alias "e"). */
  fields: FilterFields;
  query(db: Kysely<Database>): EntitySelect<Row>;
  toJson(row: Row, refs: RefBuilder): JsonRecord;
  /**
   * For a client limited to some schools: the rows it may see. Absent = rows are not school-bound (sessions,
   * categories, resources).
   */
  visibleInSchools?: (schools: readonly string[]) => Expression<SqlBool>;
}

/** The common fields every entity starts with. */
export function baseJson(row: { sourced_id: string; status: string; date_last_modified: Date; metadata: unknown }): JsonRecord {
  const json: JsonRecord = {
    sourcedId: row.sourced_id,
    status: row.status,
    dateLastModified: row.date_last_modified.toISOString(),
  };
  if (row.metadata != null) json.metadata = row.metadata;
  return json;
}

/** Sets a field only when it has a value: the binding leaves out empty optional fields. */
export function optional(json: JsonRecord, key: string, value: unknown): void {
  if (value !== null && value !== undefined) json[key] = value;
}

export const BASE_FIELDS: FilterFields = {
  sourcedId: { column: "e.sourced_id", type: "string" },
  status: { column: "e.status", type: "string" },
  dateLastModified: { column: "e.date_last_modified", type: "datetime" },
};

export const BASE_JSON_FIELDS = ["sourcedId", "status", "dateLastModified", "metadata"] as const;
