import { sql, type Insertable, type Kysely } from "kysely";
import { columnTypesOf, type ColumnTypes } from "./column-types.ts";
import type { Database, TableName } from "./schema.ts";

export type RowFor = { [T in TableName]: { table: T; row: Insertable<Database[T]> } }[TableName];

/** Parents before children, so one flush can hold rows that refer to each other. */
export const LOAD_ORDER: readonly TableName[] = [
  "tenants",
  "sources",
  "orgs",
  "academic_sessions",
  "courses",
  "classes",
  "class_terms",
  "users",
  "user_orgs",
  "user_agents",
  "user_ids",
  "user_roles",
  "user_profiles",
  "demographics",
  "enrollments",
  "categories",
  "line_items",
  "results",
  "resources",
  "class_resources",
  "course_resources",
  "user_resources",
];

const MAX_PARAMETERS = 65_535;

/**
 * Inserts rows of one table. Rows that all set the same scalar columns go in as one array per column through
 * unnest(), which Postgres parses far faster than a VALUES list of thousands of placeholders; anything else (array
 * or json columns, rows that leave some columns to their defaults) as multi-row VALUES under the parameter limit.
 */
async function insertBatch(
  db: Kysely<Database>,
  table: TableName,
  rows: Record<string, unknown>[],
  cache: Map<TableName, ColumnTypes>,
): Promise<void> {
  const columns = new Set<string>();
  const width = Object.keys(rows[0]!).length;
  let uniform = true;
  for (const row of rows) {
    let keys = 0;
    for (const key in row) {
      columns.add(key);
      keys++;
    }
    if (keys !== width) uniform = false;
  }
  if (columns.size !== width) uniform = false;
  const names = [...columns];
  const types = await columnTypesOf(db, table, cache);
  const scalar = names.every((c) => {
    const type = types.get(c);
    return type !== undefined && !type.startsWith("_") && type !== "jsonb" && type !== "json";
  });
  if (uniform && scalar && rows.length > 1) {
    const arrays = names.map((c) => sql`${rows.map((r) => r[c] ?? null)}::${sql.raw(types.get(c)!)}[]`);
    await sql`insert into ${sql.table(table)} (${sql.join(names.map((c) => sql.ref(c)))})
      select * from unnest(${sql.join(arrays)})`.execute(db);
    return;
  }
  const chunk = Math.max(1, Math.floor(MAX_PARAMETERS / names.length));
  for (let i = 0; i < rows.length; i += chunk) {
    await db
      .insertInto(table)
      .values(rows.slice(i, i + chunk) as never)
      .execute();
  }
}

/**
 * Streams rows into the database in batches: rows are buffered per table and every `batchRows` rows all buffers are
 * written in dependency order in one transaction. Memory holds one batch, whatever the total.
 */
export async function bulkLoad(
  db: Kysely<Database>,
  rows: Iterable<RowFor> | AsyncIterable<RowFor>,
  options: { batchRows?: number; onProgress?: (rowsWritten: number) => void } = {},
): Promise<Partial<Record<TableName, number>>> {
  const batchRows = options.batchRows ?? 20_000;
  const buffers = new Map<TableName, Record<string, unknown>[]>();
  const counts: Partial<Record<TableName, number>> = {};
  let buffered = 0;
  let written = 0;
  const columnTypes = new Map<TableName, ColumnTypes>();
  let flushes = 0;
  let nextAnalyze = 1;
  const loaded = new Set<TableName>();

  const write = async (batch: Map<TableName, Record<string, unknown>[]>, size: number) => {
    await db.transaction().execute(async (tx) => {
      for (const table of LOAD_ORDER) {
        const pending = batch.get(table);
        if (!pending?.length) continue;
        await insertBatch(tx, table, pending, columnTypes);
        counts[table] = (counts[table] ?? 0) + pending.length;
        loaded.add(table);
      }
    });
    written += size;
    options.onProgress?.(written);
    // Statistics of tables that were empty when the load began make Postgres plan (and cache) its foreign-key
    // checks as sequential scans, so every check gets slower as the tables grow. Re-analysing as the data doubles
    // replaces those plans with index lookups.
    if (++flushes === nextAnalyze) {
      nextAnalyze *= 2;
      for (const table of loaded) await sql`analyze ${sql.table(table)}`.execute(db);
    }
  };

  // The next batch is generated while the previous one is written: at most two batches are in memory.
  let writing: Promise<void> = Promise.resolve();
  const flush = async () => {
    if (buffered === 0) return;
    const batch = new Map(buffers);
    const size = buffered;
    buffers.clear();
    buffered = 0;
    await writing;
    writing = write(batch, size);
    writing.catch(() => {}); // handled: the loop awaits it before the next batch or at the end
  };

  try {
    for await (const { table, row } of rows) {
      let buffer = buffers.get(table);
      if (!buffer) buffers.set(table, (buffer = []));
      buffer.push(row as Record<string, unknown>);
      if (++buffered >= batchRows) await flush();
    }
    await flush();
  } finally {
    await writing;
  }
  return counts;
}
