import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import type { ColumnTypes } from "./column-types.ts";
import { copyText } from "./copy-text.ts";

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * Inserts rows with COPY … FROM STDIN on a PostgreSQL connection: the server reads COPY's text format several times
 * faster than the same rows as json for json_populate_recordset. Constraints and triggers apply as for an insert
 * (statement triggers see the rows as their transition table).
 */
export async function copyRows(
  client: pg.ClientBase,
  table: string,
  columns: readonly string[],
  rows: readonly Record<string, unknown>[],
  types: ColumnTypes,
): Promise<void> {
  const text = copyText(rows, columns, types);
  const stream = client.query(copyFrom(`copy ${quoteIdent(table)} (${columns.map(quoteIdent).join(", ")}) from stdin`));
  await pipeline(Readable.from([text], { objectMode: false }), stream);
}
