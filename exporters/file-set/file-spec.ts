import type { CompiledQuery, Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import type { ExportWarning } from "../contract.ts";

/** What rendering a row may report: a warning about a record, kept in the run record. */
export interface RenderNotes {
  warn(warning: ExportWarning): void;
  /** Values left out because they hold (or look like) a personnummer, per file.column. */
  personnummerOmitted: Record<string, number>;
}

/** A row left out of its file, with the reason that goes into the run's warnings. */
export interface Skipped {
  skipped: string;
}

/**
 * One file of a file set: its name, its exact header, the query of its rows (in output order) and the pure mapping of
 * a row to its cells. The query does the selecting (active, in scope, referenced records exported); render does the
 * values (lists of values, E.164, personnummer) and may skip a row it cannot export whole.
 */
export interface FileSpec<Row = any> {
  name: string;
  /** The kind of record the file holds, as warnings and counts name it (users, classes …). */
  entity: string;
  header: readonly string[];
  query(db: Kysely<Database>): CompiledQuery<Row>;
  /** The row's cells, as many as the header has, or why the row is left out. */
  render(row: Row, notes: RenderNotes): string[] | Skipped;
  /** The key a warning names; default: the row's sourced_id. */
  keyOf?(row: Row): string | undefined;
}

export const skip = (why: string): Skipped => ({ skipped: why });

export function isSkipped(value: string[] | Skipped): value is Skipped {
  return !Array.isArray(value);
}

/** Records as CSV text, the target's dialect (line ending, quoting). */
export type CsvDialect = (records: readonly (readonly string[])[]) => string;

/** The files an export writes, in order; the pure result of an exporter's plan. */
export interface FileSetPlan {
  kind: string;
  files: FileSpec[];
  dialect: CsvDialect;
  /** A file with more data rows than this is refused before anything is written (SDS v1: 500 000). */
  maxRowsPerFile?: number;
}
