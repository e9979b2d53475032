import { sql, type Kysely } from "kysely";
import type { Database } from "./schema.ts";

/** Column name → PostgreSQL type name of a table in the current schema, e.g. "text", "bool", "_text" (an array). */
export type ColumnTypes = Map<string, string>;

/** The table's column types, asked once per cache. */
export async function columnTypesOf<T extends string>(db: Kysely<Database>, table: T, cache: Map<T, ColumnTypes>): Promise<ColumnTypes> {
  let types = cache.get(table);
  if (!types) {
    const { rows } = await sql<{ column_name: string; udt_name: string }>`
      select column_name, udt_name from information_schema.columns
      where table_schema = current_schema() and table_name = ${table}`.execute(db);
    types = new Map(rows.map((r) => [r.column_name, r.udt_name]));
    cache.set(table, types);
  }
  return types;
}
