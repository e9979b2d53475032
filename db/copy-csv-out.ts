import type { Readable } from "node:stream";
import type { CompiledQuery } from "kysely";
import pg from "pg";
import { to as copyTo } from "pg-copy-streams";

/**
 * A query's rows as PostgreSQL writes them in CSV (a field quoted when it holds a comma, a quote, CR or LF, or is an
 * empty string; NULL as nothing; LF after each row), streamed from COPY … TO STDOUT on a PostgreSQL connection.
 */
export function copyCsvOut(client: pg.ClientBase, query: CompiledQuery): Readable {
  return client.query(copyTo(`copy (${withLiterals(query)}) to stdout (format csv)`));
}

/**
 * The query's SQL with its parameters written in as literals: COPY takes none. Kysely writes a parameter as $n, and
 * the SQL of the queries given here has no $ of its own (no dollar quoting), so each $n is a parameter.
 */
export function withLiterals(query: CompiledQuery): string {
  const used = new Set<number>();
  const text = query.sql.replace(/\$(\d+)/g, (_, n: string) => {
    const index = Number(n) - 1;
    if (!(index in query.parameters)) throw new Error(`$${n} has no parameter`);
    used.add(index);
    return literal(query.parameters[index]);
  });
  if (used.size !== query.parameters.length) throw new Error(`${query.parameters.length} parameters, ${used.size} of them in the SQL`);
  return text;
}

function literal(value: unknown): string {
  if (typeof value === "string") return pg.escapeLiteral(value);
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  if (typeof value === "boolean") return String(value);
  if (value === null) return "null";
  if (Array.isArray(value)) return `array[${value.map(literal).join(", ")}]`;
  throw new Error(`no literal for a parameter of type ${typeof value}`);
}
