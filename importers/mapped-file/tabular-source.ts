import { readFile } from "node:fs/promises";
import { delimitedRecords, DelimitedTextError, type TextRecord } from "./delimited-text.ts";
import type { Problem } from "./file-error.ts";
import type { Mapping, RecordSet } from "./mapping.ts";
import type { SourceRecord } from "./source-record.ts";
import { decodeText, TextDecodingError } from "./text-decoding.ts";

/** A header row and the data rows under it. */
interface Table {
  rows: TextRecord[];
}

/**
 * The records of a CSV, TSV or XLSX file for one record set: the first non-blank row is the header, whose column names
 * the mapping's fields name. A column the mapping needs but the header lacks is a problem (and no records).
 */
export async function tabularRecords(path: string, name: string, mapping: Mapping, set: RecordSet, problems: Problem[], refs: string[]): Promise<SourceRecord[]> {
  const table = await readTable(path, name, mapping, set, problems);
  if (!table) return [];
  const [header, ...rows] = table.rows;
  if (!header) {
    problems.push({ file: name, line: 0, column: "(file)", why: "the file is empty; it needs at least its header row" });
    return [];
  }
  const index = new Map<string, number>();
  header.cells.forEach((cell, i) => {
    const column = cell.trim().replace(/^\uFEFF/, "");
    if (column !== "" && !index.has(column)) index.set(column, i);
  });
  const missing = refs.filter((r) => !index.has(r));
  for (const column of missing) problems.push({ file: name, line: header.line, column: "(header)", why: `no column ${JSON.stringify(column)}, which the mapping names` });
  if (missing.length > 0) return [];
  const split = (value: string, ref: string) => (ref === set.fields.groups ? value.split(mapping.listSeparator) : [value]);
  return rows.map((row) => ({
    line: row.line,
    where: "",
    values: (ref: string) => {
      const i = index.get(ref);
      if (i === undefined) return [];
      return split(row.cells[i] ?? "", ref).map((v) => v.trim()).filter((v) => v !== "");
    },
  }));
}

async function readTable(path: string, name: string, mapping: Mapping, set: RecordSet, problems: Problem[]): Promise<Table | undefined> {
  const fail = (line: number, why: string) => {
    problems.push({ file: name, line, column: "(file)", why });
    return undefined;
  };
  if (mapping.format === "xlsx") return readWorksheet(path, set.sheet, fail);
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    return fail(0, (error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : String(error));
  }
  try {
    const { text } = decodeText(bytes, mapping.encoding);
    return { rows: delimitedRecords(text, mapping.format === "tsv" ? "\t" : mapping.delimiter) };
  } catch (error) {
    if (error instanceof TextDecodingError || error instanceof DelimitedTextError) return fail(error.line, error.why);
    throw error;
  }
}

async function readWorksheet(path: string, sheet: string | undefined, fail: (line: number, why: string) => undefined): Promise<Table | undefined> {
  // Loaded on use: exceljs takes longer to load than the rest of the CLI together.
  const { default: ExcelJS } = await import("exceljs");
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.readFile(path);
  } catch (error) {
    return fail(0, (error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : `not a readable XLSX workbook (${String((error as Error).message ?? error)})`);
  }
  const worksheet = sheet === undefined ? workbook.worksheets[0] : workbook.getWorksheet(sheet);
  if (!worksheet) return fail(0, sheet === undefined ? "the workbook has no worksheet" : `no worksheet ${JSON.stringify(sheet)} (it has ${workbook.worksheets.map((w) => JSON.stringify(w.name)).join(", ")})`);
  const rows: TextRecord[] = [];
  worksheet.eachRow({ includeEmpty: false }, (row, line) => {
    const cells: string[] = [];
    for (let i = 1; i <= row.cellCount; i++) cells.push(row.getCell(i).text);
    if (cells.some((c) => c.trim() !== "")) rows.push({ line, cells });
  });
  return { rows };
}
