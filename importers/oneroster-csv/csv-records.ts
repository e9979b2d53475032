import type { Readable } from "node:stream";
import { parse, CsvError } from "csv-parse";
import type { ProblemList } from "./problems.ts";
import { Utf8Check } from "./utf8-check.ts";

/** One record of a file: its first and last physical line (they differ when a quoted field holds line breaks). */
export interface CsvRecord {
  line: number;
  cells: string[];
  /** Null, or the columns (by index) whose bytes were not UTF-8 (empty: the row, but no single column). */
  notUtf8: number[] | null;
}

export interface CsvReadNotes {
  /** The file began with a UTF-8 byte order mark (removed). */
  hadBom: boolean;
  /** Reading stopped at a problem (malformed CSV, broken zip entry), already reported. */
  failed?: boolean;
}

/** What csv-parse's error codes mean, said for someone fixing the file. */
function explain(error: CsvError): string {
  switch (error.code) {
    case "CSV_QUOTE_NOT_CLOSED":
      return "a quoted field is opened but never closed";
    case "CSV_INVALID_CLOSING_QUOTE":
      return 'a quote (") inside a quoted field must be doubled ("")';
    case "CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE":
      return "text follows the closing quote of a field";
    case "CSV_RECORD_INCONSISTENT_FIELDS_LENGTH":
      return "the record has a different number of fields";
    default:
      return error.message.replace(/\s+/g, " ");
  }
}

/**
 * The records of one CSV file (RFC 4180: comma, double quotes, CRLF or LF), the header included, each with its real
 * line number, in batches of what the parser has ready (one await per batch, not per record: at a million rows the
 * difference is seconds). A parse error ends the iteration and is added to `problems` at the line where the broken
 * record starts; blank lines are skipped.
 */
export async function* csvRecords(stream: Readable, file: string, problems: ProblemList, notes: CsvReadNotes): AsyncGenerator<CsvRecord[]> {
  const check = new Utf8Check();
  const parser = parse({ relax_column_count: true, skip_empty_lines: false });
  let ended = false;
  let failure: unknown;
  let wake: (() => void) | undefined;
  const poke = () => {
    const resume = wake;
    wake = undefined;
    resume?.();
  };
  parser.on("readable", poke);
  parser.on("end", () => {
    ended = true;
    poke();
  });
  parser.on("error", (error) => {
    failure = error;
    poke();
  });
  stream.on("error", (error) => parser.destroy(error));
  check.on("error", (error) => parser.destroy(error));
  stream.pipe(check).pipe(parser);
  let line = 1;
  try {
    for (;;) {
      const batch: CsvRecord[] = [];
      for (let cells = parser.read() as string[] | null; cells !== null; cells = parser.read() as string[] | null) {
        notes.hadBom ||= check.hadBom;
        const first = line;
        for (const cell of cells) {
          if (cell.length === 0 || cell.indexOf("\n") === -1) continue;
          for (let at = cell.indexOf("\n"); at !== -1; at = cell.indexOf("\n", at + 1)) line++;
        }
        line++;
        if (cells.length === 1 && cells[0] === "") continue;
        let notUtf8: number[] | null = null;
        if (check.badLines.size > 0) {
          for (let l = first; l < line; l++) {
            if (check.badLines.has(l)) notUtf8 = cells.flatMap((cell, i) => (cell.includes("\uFFFD") ? [i] : []));
          }
        }
        batch.push({ line: first, cells, notUtf8 });
      }
      if (batch.length > 0) {
        yield batch;
        continue;
      }
      if (failure !== undefined) throw failure;
      if (ended) return;
      await new Promise<void>((resolve) => (wake = resolve));
    }
  } catch (error) {
    notes.failed = true;
    if (error instanceof CsvError) {
      problems.add({ file, line, column: "(csv)", why: `${explain(error)}; the rest of the file is not read` }, true);
    } else {
      // The zip entry itself is broken (bad CRC, cut short): a problem of the file, not a crash.
      problems.add({ file, line: 0, column: "(zip)", why: `cannot be read from the zip: ${(error as Error).message}` }, true);
    }
  } finally {
    stream.unpipe?.();
    stream.destroy();
  }
}
