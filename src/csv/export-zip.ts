import type { Writable } from "node:stream";
import type { Kysely } from "kysely";
import { copyInSnapshot, exportSnapshot, type SnapshotCopy } from "../../db/copy-in-snapshot.ts";
import type { Database } from "../../db/schema.ts";
import type { Logger } from "../log/logger.ts";
import { CSV_COLUMNS, type CsvFileName } from "./columns.ts";
import type { CsvFile, ExportNotes } from "./csv-file.ts";
import { CrlfRecords } from "./crlf-records.ts";
import { csvRecords } from "./csv-text.ts";
import { CSV_FILES } from "./files.ts";
import { manifestCsv, type FileMode } from "./manifest.ts";
import { oneAhead } from "./read-ahead.ts";
import { checkExportRequest, type OneRosterCsvRequest } from "./request.ts";
import { isDelta, type ExportScope } from "./scope.ts";
import { nextDeltaSince } from "./snapshot-time.ts";
import { ZipWriter } from "./zip-writer.ts";

/** Rows a cursor fetch brings. */
const CHUNK_ROWS = 500;
/**
 * Rows made into one piece of CSV text. Small pieces keep each string young (a string over ~128 KB is born in the
 * old generation) and let the zip's compression thread report back between them (see zip-writer.ts).
 */
const TEXT_ROWS = 100;

export interface ExportProgress {
  /** The file being written; null before the first. */
  file: CsvFileName | null;
  rowsWritten: number;
  rowsTotal: number;
}

export interface OneRosterCsvExportOptions extends OneRosterCsvRequest {
  onProgress?: (progress: ExportProgress) => void;
  logger?: Logger;
}

export interface OneRosterCsvExportResult {
  files: Record<CsvFileName, { mode: FileMode; rows: number }>;
  rows: number;
  /** The `since` of the next delta, so that it misses nothing this export could not see (see snapshot-time.ts). */
  nextSince: Date;
  /** Values left out because they held a personnummer, per users column. */
  personnummerOmitted: Record<string, number>;
}

/**
 * The OneRoster 1.1 CSV zip of a tenant, written to `output` as it is read.
 *
 * Bulk (no `since`): every active row, status and dateLastModified blank, and every file present: a file with no rows
 * is a header alone marked `bulk`, saying "there are none" (an absent file would say "no news", and a consumer would
 * keep what it had). Delta: the rows changed after `since`, `tobedeleted` ones included, with status and
 * dateLastModified; a file with no changes is left out and marked `absent`.
 *
 * All files come from one read-only snapshot, so they agree with each other even while an import runs. The request
 * is checked before the first byte is written: an ExportRequestError leaves `output` untouched.
 */
export async function writeOneRosterCsvZip(
  db: Kysely<Database>,
  options: OneRosterCsvExportOptions,
  output: Writable,
): Promise<OneRosterCsvExportResult> {
  const scope = await checkExportRequest(db, options);
  return db
    .transaction()
    .setIsolationLevel("repeatable read")
    .setAccessMode("read only")
    .execute((trx) => writeSnapshot(db, trx, scope, options, output));
}

async function writeSnapshot(
  db: Kysely<Database>,
  trx: Kysely<Database>,
  scope: ExportScope,
  options: OneRosterCsvExportOptions,
  output: Writable,
): Promise<OneRosterCsvExportResult> {
  const nextSince = await nextDeltaSince(trx);
  const files = {} as OneRosterCsvExportResult["files"];
  for (const file of CSV_FILES) {
    const count = await file.count(trx, scope);
    files[file.name] = { mode: !isDelta(scope) ? "bulk" : count > 0 ? "delta" : "absent", rows: count };
  }
  const rowsTotal = Object.values(files).reduce((sum, f) => sum + f.rows, 0);
  const log = options.logger?.child({ tenant: scope.tenantId, mode: isDelta(scope) ? "delta" : "bulk" });
  log?.info({ since: scope.since, schools: scope.schools, rows: rowsTotal }, "OneRoster CSV export started");

  const notes: ExportNotes = { personnummerOmitted: {} };
  const progress: ExportProgress = { file: null, rowsWritten: 0, rowsTotal };
  options.onProgress?.({ ...progress });
  const copies = await startCopies(db, trx, scope, files);
  const zip = new ZipWriter(output, new Date());
  try {
    zip.addText("manifest.csv", manifestCsv(modesOf(files), scope.tenantId));
    for (const file of CSV_FILES) {
      if (files[file.name].mode === "absent") continue;
      progress.file = file.name;
      const onRows = (n: number) => {
        progress.rowsWritten += n;
        options.onProgress?.({ ...progress });
      };
      const copy = copies.get(file.name);
      const written = copy ? await writeCopy(zip, file.name, copy, onRows) : await writeFile(zip, trx, scope, file, notes, onRows);
      // The snapshot makes the count exact; a difference would be a bug in a file's query, not a race.
      if (written !== files[file.name].rows) throw new Error(`${file.name}: counted ${files[file.name].rows} rows but read ${written}`);
      log?.debug({ file: file.name, rows: written }, "OneRoster CSV file written");
    }
    await zip.finish();
  } catch (error) {
    await zip.fail(error as Error);
    await closeCopies(copies, error as Error);
    throw error;
  }
  if (Object.keys(notes.personnummerOmitted).length > 0) {
    log?.warn({ omitted: notes.personnummerOmitted }, "personnummer-like values left out of users.csv");
  }
  log?.info({ rows: rowsTotal, nextSince }, "OneRoster CSV export finished");
  return { files, rows: rowsTotal, nextSince, personnummerOmitted: notes.personnummerOmitted };
}

function modesOf(files: OneRosterCsvExportResult["files"]): Record<CsvFileName, FileMode> {
  return Object.fromEntries(Object.entries(files).map(([name, f]) => [name, f.mode])) as Record<CsvFileName, FileMode>;
}

/**
 * PostgreSQL: the COPY of every file whose cells the database makes, each started at once on a connection of its own
 * in the export's snapshot, so that its sort runs while the files before it are written. Empty on the embedded engine;
 * short when the pool has no connection to spare (those files are formatted here instead, to the same bytes).
 */
async function startCopies(
  db: Kysely<Database>,
  trx: Kysely<Database>,
  scope: ExportScope,
  files: OneRosterCsvExportResult["files"],
): Promise<Map<CsvFileName, SnapshotCopy>> {
  const copies = new Map<CsvFileName, SnapshotCopy>();
  let snapshot: string | undefined;
  try {
    for (const file of CSV_FILES) {
      if (!file.textRows || files[file.name].mode === "absent") continue;
      snapshot ??= await exportSnapshot(trx);
      const copy = await copyInSnapshot(db, snapshot, file.textRows(trx, scope).compile());
      if (!copy) break;
      copies.set(file.name, copy);
    }
  } catch (error) {
    await closeCopies(copies, error as Error);
    throw error;
  }
  return copies;
}

/** Ends every copy still open, on a failure (closing a copy twice does nothing). */
function closeCopies(copies: Map<CsvFileName, SnapshotCopy>, error: Error): Promise<unknown> {
  return Promise.all([...copies.values()].map((copy) => copy.close(error)));
}

/** A file PostgreSQL writes: its header, then the COPY's CSV with CRLF line ends. */
async function writeCopy(zip: ZipWriter, name: CsvFileName, copy: SnapshotCopy, onRows: (n: number) => void): Promise<number> {
  const records = new CrlfRecords(onRows);
  await zip.addReadable(`${name}.csv`, csvRecords([CSV_COLUMNS[name]]), copy.rows(), records);
  await copy.close();
  return records.records;
}

/** One file formatted here: its header, then its rows from a cursor, a chunk of CSV text at a time. */
async function writeFile(
  zip: ZipWriter,
  trx: Kysely<Database>,
  scope: ExportScope,
  file: CsvFile<any>,
  notes: ExportNotes,
  onRows: (n: number) => void,
): Promise<number> {
  const width = CSV_COLUMNS[file.name].length;
  let written = 0;
  await zip.addStream(`${file.name}.csv`, async (write) => {
    await write(csvRecords([CSV_COLUMNS[file.name]]));
    // The cursor's chunks as they come (the query builder's stream() yields the same rows one promise at a time).
    const chunks = trx.getExecutor().stream<any>(file.rows(trx, scope).compile(), CHUNK_ROWS);
    for await (const { rows } of oneAhead(chunks)) {
      for (let start = 0; start < rows.length; start += TEXT_ROWS) {
        const records = rows.slice(start, start + TEXT_ROWS).map((row) => {
          const record = file.cells(row, notes);
          record.unshift(row.sourced_id, row.status ?? "", row.date_last_modified ?? "");
          if (record.length !== width) throw new Error(`${file.name}: a row of ${record.length} cells, not ${width}`);
          return record;
        });
        await write(csvRecords(records));
        written += records.length;
        onRows(records.length);
      }
    }
  });
  return written;
}
