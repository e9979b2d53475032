import { parse } from "csv-parse/sync";
import { CsvError } from "csv-parse";

/** One record of a delimited text file with the physical line it starts on. */
export interface TextRecord {
  line: number;
  cells: string[];
}

export type Delimiter = "\t" | "," | ";";

export class DelimitedTextError extends Error {
  override name = "DelimitedTextError";
  constructor(
    readonly line: number,
    readonly why: string,
  ) {
    super(why);
  }
}

/**
 * The records of a tab-, comma- or semicolon-separated text (double quotes as in RFC 4180; LF or CRLF), each with its
 * line number; blank lines are skipped. A malformed record is an error at the line where it starts.
 */
export function delimitedRecords(text: string, delimiter: Delimiter): TextRecord[] {
  try {
    const rows = parse(text, {
      delimiter,
      relax_column_count: true,
      skip_empty_lines: true,
      relax_quotes: delimiter === "\t",
      info: true,
    }) as unknown as Array<{ record: string[]; info: { lines: number } }>;
    return rows.map(({ record, info }) => ({ line: info.lines - countLineBreaks(record), cells: record }));
  } catch (error) {
    if (error instanceof CsvError) {
      const line = (error as CsvError & { lines?: number }).lines ?? 0;
      throw new DelimitedTextError(line, error.code === "CSV_QUOTE_NOT_CLOSED" ? "a quoted field is opened but never closed" : error.message.replace(/\s+/g, " "));
    }
    throw error;
  }
}

/** info.lines is the line a record ends on; a quoted field may span lines. */
function countLineBreaks(cells: string[]): number {
  let n = 0;
  for (const cell of cells) for (const ch of cell) if (ch === "\n") n++;
  return n;
}
