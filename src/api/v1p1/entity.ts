import { sql, type Compilable, type Expression, type Kysely, type RawBuilder, type SelectQueryBuilder, type SqlBool } from "kysely";
import type { Database } from "../../../db/schema.ts";
import type { FilterFields } from "../query/filter-compiler.ts";
import type { RefBuilder } from "./refs.ts";

// Each entity's query selects from its table under the alias "e"; the row type is the entity's own.
// biome-ignore lint: the builder's table types differ per entity; rows are typed by each definition.
export type EntitySelect<Row> = SelectQueryBuilder<any, any, Row>;
// biome-ignore lint: a query over alias "e" of the entity's table, before the entity's columns are selected.
export type EntitySource = SelectQueryBuilder<any, any, {}>;

/** A table an entity is read from. */
export type EntityTable = keyof Database & string;

export type JsonRecord = Record<string, unknown>;

/**
 * One OneRoster entity as the REST binding serves it: the envelope keys, the fields a filter or sort may name,
 * its table, the columns of its JSON (its own and the GUIDRef lists gathered from junction tables) and the JSON of a row.
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
  /** The table, read under the alias "e"; its key is (tenant_id, sourced_id). */
  table: EntityTable;
  /**
   * Adds the row's columns to a query whose rows are the entity's table as "e". The correlated subqueries in here
   * run once per row of that query, so a page selects its keys first and only then adds these.
   */
  selectJson(from: EntitySource): EntitySelect<Row>;
  /** Every record of the table with its JSON columns (for one record or a few). */
  query(db: Kysely<Database>): EntitySelect<Row>;
  toJson(row: Row, refs: RefBuilder): JsonRecord;
  /**
   * For a client limited to some schools: the rows it may see. Absent = rows are not school-bound (sessions,
   * categories, resources).
   */
  visibleInSchools?: (schools: readonly string[]) => Expression<SqlBool>;
}

/** An entity from its parts; `query` is its table with the JSON columns. */
export function defineEntity<Row>(spec: Omit<EntityDefinition<Row>, "query">): EntityDefinition<Row> {
  return { ...spec, query: (db) => spec.selectJson(fromEntity(db, spec)) };
}

/** The entity's table as "e" with nothing selected yet: for counts, existence checks and page keys. */
export function fromEntity(db: Kysely<Database>, entity: Pick<EntityDefinition, "table">): EntitySource {
  return db.selectFrom(`${entity.table} as e` as never) as unknown as EntitySource;
}

export interface PageSpec {
  where: Expression<SqlBool>;
  /** An ORDER BY over the alias "e"; it must order totally (end with e.sourced_id). */
  order: RawBuilder<unknown>;
  limit: number;
  offset: number;
}

/**
 * One page of records with their JSON columns. The keys of the page are chosen first in a derived table that
 * reads only what the filter and the order need, so the rows OFFSET skips never pay for the GUIDRef subqueries;
 * the page's rows are then joined back by key and put in the same order again.
 */
export function pageQuery<Row>(db: Kysely<Database>, entity: EntityDefinition<Row>, page: PageSpec): EntitySelect<Row> {
  const keys = fromEntity(db, entity)
    .select(["e.tenant_id", "e.sourced_id"])
    .where(page.where)
    .orderBy(page.order)
    .limit(page.limit)
    .offset(page.offset);
  const rows = db
    .selectFrom(keys.as("k"))
    .innerJoin(`${entity.table} as e` as never, (join) =>
      join.on(sql<SqlBool>`e.tenant_id = k.tenant_id and e.sourced_id = k.sourced_id`),
    ) as unknown as EntitySource;
  return entity.selectJson(rows).orderBy(page.order);
}

/** The key of a value derived from a query's rows (a count, whether a record exists): its SQL and parameters. */
export function memoKey(query: Compilable): string {
  const compiled = query.compile();
  return `${compiled.sql}\u0000${JSON.stringify(compiled.parameters)}`;
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

/** The columns behind BASE_JSON_FIELDS, selected by every entity over alias "e". */
export const BASE_COLUMNS = ["e.sourced_id", "e.status", "e.date_last_modified", "e.metadata"] as const;
