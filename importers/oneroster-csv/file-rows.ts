import type { CsvFileName } from "../../src/csv/columns.ts";
import { csvRecords, type CsvReadNotes } from "./csv-records.ts";
import { readHeader } from "./header.ts";
import type { ProblemList } from "./problems.ts";
import { isDateTime, RowReader } from "./row-reader.ts";
import type { ZipArchive } from "./zip-archive.ts";

/** A data row with its sourcedId and status checked; `row.ok` says whether those (and its encoding) were fine. */
export interface FileRow {
  row: RowReader;
  sourcedId: string;
  status: "active" | "tobedeleted";
  /** False when the row's fields do not line up with the header, so its cells cannot be read by column. */
  mappable: boolean;
}

const STATUSES = ["active", "tobedeleted"] as const;

/**
 * The rows of one data file, after its header: each row's field count, encoding, sourcedId, status and
 * dateLastModified are checked (a delta file needs status and dateLastModified; a bulk one may leave them blank).
 * Each row goes to `onRow` as soon as it is read (the reader is reused: take what you need from it then); the
 * generator yields once per batch of rows, so a consumer can hand on what the batch made. Reads no rows when the
 * header is wrong; `onHeader` says whether it was readable.
 */
export async function* fileRows(
  zip: ZipArchive,
  file: CsvFileName,
  delta: boolean,
  problems: ProblemList,
  hooks: { onHeader(ok: boolean): void; onBom(): void },
  onRow: (row: FileRow) => void,
): AsyncGenerator<void> {
  const notes: CsvReadNotes = { hadBom: false };
  let reader: RowReader | undefined;
  let width = 0;
  let headerRead = false;
  for await (const batch of csvRecords(await zip.open(`${file}.csv`), `${file}.csv`, problems, notes)) {
    for (const { line, cells, notUtf8 } of batch) {
      if (!headerRead) {
        headerRead = true;
        if (notes.hadBom) hooks.onBom();
        const index = readHeader(file, cells, problems);
        hooks.onHeader(index !== null);
        if (!index) return;
        reader = new RowReader(file, index, problems);
        width = cells.length;
        continue;
      }
      const row = reader!;
      row.start(line, cells);
      if (cells.length !== width) {
        row.fail("(row)", `${cells.length} fields, but the header has ${width}`);
        onRow({ row, sourcedId: "", status: "active", mappable: false });
        continue;
      }
      if (notUtf8) {
        if (notUtf8.length === 0) row.fail("(row)", "not UTF-8; save the file as UTF-8");
        for (const i of notUtf8) row.fail(row.columnName(i), "not UTF-8; save the file as UTF-8");
      }
      const sourcedId = row.id("sourcedId");
      const status = delta ? row.oneOf("status", STATUSES, true) : (row.oneOf("status", STATUSES, false) ?? "active");
      const modified = row.raw("dateLastModified");
      if (modified === "") {
        if (delta) row.fail("dateLastModified", "required in a delta file, but empty");
      } else if (!isDateTime(modified)) {
        row.fail("dateLastModified", `${JSON.stringify(modified)} is not an ISO 8601 date-time`);
      }
      onRow({ row, sourcedId, status, mappable: true });
    }
    yield;
  }
  if (!headerRead) {
    if (!notes.failed) problems.add({ file: `${file}.csv`, line: 1, column: "(header)", why: "the file is empty; it needs at least its header" }, true);
    hooks.onHeader(false);
  }
}
