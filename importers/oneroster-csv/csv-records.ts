import type { Readable } from "node:stream";
import Papa, { type ParseError } from "papaparse";
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

/** What Papa Parse's error codes mean, said for someone fixing the file. */
function explain(error: ParseError): string {
  switch (error.code) {
    case "MissingQuotes":
      return "a quoted field is opened but never closed";
    case "InvalidQuotes":
      return 'a quote (") inside a quoted field must be doubled (""), and only a comma or the line\'s end may follow its closing quote';
    default:
      return error.message.replace(/\s+/g, " ");
  }
}

/** A record still unfinished after this many characters is taken for a quote never closed (parsing it again and again would not end). */
const MAX_RECORD = 1024 * 1024;

/** The file's line break, as its first one is (CRLF, LF, or a lone CR), as a CSV reader auto-detecting it takes it. */
function lineBreakOf(text: string): "\r\n" | "\n" | "\r" {
  const at = text.search(/[\r\n]/);
  if (at === -1 || text[at] === "\n") return "\n";
  return text[at + 1] === "\n" || at + 1 === text.length ? "\r\n" : "\r";
}

/**
 * The records of one CSV file (RFC 4180: comma, double quotes; CRLF, LF or CR), the header included, each with its real
 * line number, in batches of what the parser has ready (one await per batch, not per record: at a million rows the
 * difference is seconds). A parse error ends the iteration and is added to `problems` at the line where the broken
 * record starts; blank lines are skipped.
 */
export async function* csvRecords(stream: Readable, file: string, problems: ProblemList, notes: CsvReadNotes): AsyncGenerator<CsvRecord[]> {
  const check = new Utf8Check();
  stream.on("error", (error) => check.destroy(error));
  let parser: Papa.Parser | undefined;
  /** The start of a record the last chunk ended inside, parsed again with the next. */
  let partial = "";
  let line = 1;
  /** The records of one parse, with their line numbers; at a parse error, those before it and the problem. */
  const take = (text: string, last: boolean): CsvRecord[] => {
    parser ??= new Papa.Parser({ delimiter: ",", newline: lineBreakOf(text), quoteChar: '"' });
    const { data, errors, meta } = parser.parse(text, 0, !last) as Papa.ParseResult<string[]>;
    partial = last ? "" : text.slice(meta.cursor);
    const error = errors.filter((e) => (e.row ?? 0) < data.length).sort((a, b) => (a.row ?? 0) - (b.row ?? 0))[0];
    const end = error ? (error.row ?? 0) : data.length;
    const batch: CsvRecord[] = [];
    for (let r = 0; r < end; r++) {
      const cells = data[r]!;
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
    if (error) {
      notes.failed = true;
      problems.add({ file, line, column: "(csv)", why: `${explain(error)}; the rest of the file is not read` }, true);
    }
    return batch;
  };
  try {
    for await (const chunk of stream.pipe(check)) {
      notes.hadBom ||= check.hadBom;
      const batch = take(partial + (chunk as Buffer).toString("utf8"), false);
      if (batch.length > 0) yield batch;
      if (notes.failed) return;
      if (partial.length > MAX_RECORD) {
        notes.failed = true;
        problems.add({ file, line, column: "(csv)", why: "a record runs on for over 1 MiB (a quoted field opened but never closed?); the rest of the file is not read" }, true);
        return;
      }
    }
    if (partial.length > 0) {
      const batch = take(partial, true);
      if (batch.length > 0) yield batch;
    }
  } catch (error) {
    // The zip entry itself is broken (bad CRC, cut short): a problem of the file, not a crash.
    notes.failed = true;
    problems.add({ file, line: 0, column: "(zip)", why: `cannot be read from the zip: ${(error as Error).message}` }, true);
  } finally {
    stream.unpipe?.();
    stream.destroy();
    check.destroy();
  }
}
