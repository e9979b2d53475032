import { sql, type Expression, type Kysely, type RawBuilder, type SelectQueryBuilder, type SqlBool } from "kysely";
import type { Database } from "../../db/schema.ts";
import type { CsvFileName } from "./columns.ts";
import { inScope, isDelta, type ExportScope } from "./scope.ts";

// biome-ignore lint: a query over one table as "e"; each file's own definition is typed by its table.
type AnySelect<Row> = SelectQueryBuilder<any, any, Row>;

/** What every file's row starts with; status and dateLastModified only in a delta. */
export interface BaseRow {
  sourced_id: string;
  status?: string;
  date_last_modified?: string;
}

/** What a file's mapper may report while it formats rows. */
export interface ExportNotes {
  /** Values left out because they hold (or look like) a personnummer, per column. */
  personnummerOmitted: Record<string, number>;
}

/** One file of the binding: which rows (a query over alias "e"), their columns and the cells of a row. */
export interface CsvFile<Row = unknown> {
  name: CsvFileName;
  /** How many rows the file will have. */
  count(db: Kysely<Database>, scope: ExportScope): Promise<number>;
  /** The rows with their columns, in sourcedId order. */
  rows(db: Kysely<Database>, scope: ExportScope): AnySelect<Row & BaseRow>;
  /** The cells after sourcedId, status and dateLastModified, already as text, in a new array. */
  cells(row: Row, notes: ExportNotes): string[];
  /**
   * When the database makes every cell (see defineTextCsvFile): the rows in sourcedId order with every column of the
   * file as text, an empty one as NULL, for PostgreSQL to write as CSV itself.
   */
  textRows?(db: Kysely<Database>, scope: ExportScope): AnySelect<unknown>;
}

/** A timestamptz as the binding's date-time (ISO 8601, UTC, milliseconds), made by the database: no Date is parsed. */
export function isoDateTime(column: string): RawBuilder<string> {
  return sql<string>`to_char(${sql.ref(column)} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}

/** A text[] as one comma-separated cell. */
export function listCell(column: string): RawBuilder<string> {
  return sql<string>`array_to_string(${sql.ref(column)}, ',')`;
}

/** sourcedId order: bytewise, the same on both engines and cheap to sort. */
const bySourcedId = sql`e.sourced_id collate "C"`;

/**
 * sourcedId, then status and dateLastModified in a delta; in bulk the binding leaves those two blank, so they are
 * not read at all.
 */
function withBaseColumns<Row>(query: AnySelect<Row>, scope: ExportScope): AnySelect<Row & BaseRow> {
  const withId = query.select(sql<string>`e.sourced_id`.as("sourced_id"));
  const withBase = isDelta(scope)
    ? withId.select([sql<string>`e.status`.as("status"), isoDateTime("e.date_last_modified").as("date_last_modified")])
    : withId;
  return withBase.orderBy(bySourcedId) as AnySelect<Row & BaseRow>;
}

/** Where a file's rows come from. */
interface FileSource<From> {
  name: CsvFileName;
  /** The file's table as "e". */
  from: (db: Kysely<Database>) => From;
  /** The rows a school-limited export keeps (see src/api/v1p1/school-scope.ts); absent: not bound to schools. */
  inSchools?: (schools: readonly string[]) => Expression<SqlBool>;
}

const inScopeOf = <From extends AnySelect<object>>(source: FileSource<From>, db: Kysely<Database>, scope: ExportScope) =>
  source.from(db).where(inScope(scope, source.inSchools)) as From;

export function defineCsvFile<From extends AnySelect<object>, Row>(
  spec: FileSource<From> & {
    /** Selects the columns the cells are made of. */
    select: (from: From) => AnySelect<Row>;
    cells: (row: Row, notes: ExportNotes) => string[];
  },
): CsvFile<Row> {
  const scoped = (db: Kysely<Database>, scope: ExportScope) => inScopeOf(spec, db, scope);
  return {
    name: spec.name,
    count: async (db, scope) => {
      const { n } = await scoped(db, scope).select(sql<string>`count(*)`.as("n")).executeTakeFirstOrThrow();
      return Number(n);
    },
    rows: (db, scope) => withBaseColumns(spec.select(scoped(db, scope)), scope),
    cells: spec.cells,
  };
}

/**
 * A file whose cells the database makes as text (null: blank), so that no cell needs JavaScript: on PostgreSQL the
 * export has the database write its CSV (COPY), several times faster than rows formatted one by one; on the embedded
 * engine the same cells are formatted as any other file's.
 */
export function defineTextCsvFile<From extends AnySelect<object>>(
  spec: FileSource<From> & {
    /** The cells after sourcedId, status and dateLastModified, over the table as "e". */
    cells: readonly RawBuilder<string | null>[];
  },
): CsvFile<Record<string, string | null>> {
  const names = spec.cells.map((_, i) => `c${i}`);
  const file = defineCsvFile({
    ...spec,
    select: (from) => from.select(spec.cells.map((cell, i) => cell.as(names[i]!))) as AnySelect<Record<string, string | null>>,
    cells: (row) => names.map((name) => row[name] ?? ""),
  });
  const blankAsNull = (cell: RawBuilder<string | null>) => sql<string | null>`nullif(${cell}, '')`;
  return {
    ...file,
    textRows: (db, scope) => {
      const base = isDelta(scope) ? [sql<string>`e.status`, isoDateTime("e.date_last_modified")] : [sql<null>`null`, sql<null>`null`];
      const columns = [sql<string>`e.sourced_id`, ...base, ...spec.cells].map((cell, i) => blankAsNull(cell).as(`t${i}`));
      return inScopeOf(spec, db, scope).select(columns).orderBy(bySourcedId) as AnySelect<unknown>;
    },
  };
}
