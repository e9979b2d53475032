import { CSV_COLUMNS, MANIFEST_FILE_ORDER, type CsvFileName } from "../../src/csv/columns.ts";
import type { FileMode } from "../../src/csv/manifest.ts";
import { csvRecords } from "./csv-records.ts";
import type { ProblemList } from "./problems.ts";
import type { ZipArchive } from "./zip-archive.ts";

export const MANIFEST = "manifest.csv";
const MODES: readonly FileMode[] = ["absent", "bulk", "delta"];

export interface Manifest {
  modes: Record<CsvFileName, FileMode>;
  /** The line of each file's `file.*` row (0: there was none). */
  lines: Record<CsvFileName, number>;
}

const isFileName = (name: string): name is CsvFileName => Object.hasOwn(CSV_COLUMNS, name);

/**
 * manifest.csv: `propertyName,value`, oneroster.version 1.1, one `file.<name>` row per file (absent | bulk | delta);
 * a missing `file.*` row counts as absent (with a notice). Then the zip must agree with it: every bulk or delta file
 * there, no absent one present, and nothing else. Null when the manifest cannot be used.
 */
export async function readManifest(zip: ZipArchive, problems: ProblemList, notices: string[]): Promise<Manifest | null> {
  if (!zip.names().includes(MANIFEST)) {
    problems.add({ file: MANIFEST, line: 0, column: "(file)", why: "not in the zip; a OneRoster CSV zip has manifest.csv at its root" }, true);
    return null;
  }
  const before = problems.count;
  const modes = Object.fromEntries(MANIFEST_FILE_ORDER.map((f) => [f, "absent"])) as Record<CsvFileName, FileMode>;
  const lines = Object.fromEntries(MANIFEST_FILE_ORDER.map((f) => [f, 0])) as Record<CsvFileName, number>;
  const fail = (line: number, column: string, why: string) => problems.add({ file: MANIFEST, line, column, why }, true);
  const seen = new Map<string, number>();
  let version: string | undefined;
  let header = true;
  const records = [];
  for await (const batch of csvRecords(await zip.open(MANIFEST), MANIFEST, problems, { hadBom: false })) records.push(...batch);
  for (const { line, cells, notUtf8 } of records) {
    if (header) {
      header = false;
      if (cells.length !== 2 || cells[0] !== "propertyName" || cells[1] !== "value") fail(line, "(header)", `is ${JSON.stringify(cells.join(","))}; expected "propertyName,value"`);
      continue;
    }
    if (notUtf8) {
      fail(line, "(row)", "not UTF-8");
      continue;
    }
    const [property = "", value = ""] = cells;
    if (cells.length !== 2) {
      fail(line, property || "(row)", `${cells.length} fields; a manifest row is propertyName,value`);
      continue;
    }
    if (seen.has(property)) {
      fail(line, property, `appears again (first on line ${seen.get(property)})`);
      continue;
    }
    seen.set(property, line);
    if (property === "oneroster.version") {
      version = value;
      if (value !== "1.1") fail(line, property, `${JSON.stringify(value)} is not supported; this importer reads OneRoster 1.1 CSV`);
    } else if (property === "manifest.version") {
      if (value !== "1.0") fail(line, property, `${JSON.stringify(value)} is not supported; expected 1.0`);
    } else if (property.startsWith("file.")) {
      const name = property.slice("file.".length);
      if (!isFileName(name)) fail(line, property, `not a file of the OneRoster 1.1 CSV binding`);
      else if (!(MODES as readonly string[]).includes(value)) fail(line, property, `${JSON.stringify(value)} is not absent, bulk or delta`);
      else {
        modes[name] = value as FileMode;
        lines[name] = line;
      }
    }
  }
  if (problems.count === before && version === undefined) fail(0, "oneroster.version", "missing; this importer reads OneRoster 1.1 CSV");
  const missingRows = MANIFEST_FILE_ORDER.filter((name) => !seen.has(`file.${name}`));
  if (missingRows.length > 0) notices.push(`${MANIFEST}: no row for ${missingRows.map((n) => `file.${n}`).join(", ")}; taken as absent`);

  const inZip = new Set(zip.names());
  for (const name of MANIFEST_FILE_ORDER) {
    const file = `${name}.csv`;
    if (modes[name] !== "absent" && !inZip.has(file)) fail(lines[name], `file.${name}`, `says ${modes[name]}, but ${file} is not in the zip`);
    if (modes[name] === "absent" && inZip.has(file)) {
      problems.add({ file, line: 0, column: "(file)", why: `in the zip, but manifest.csv says file.${name} is absent` }, true);
    }
  }
  for (const entry of zip.names()) {
    const name = entry.endsWith(".csv") ? entry.slice(0, -4) : "";
    if (entry !== MANIFEST && !isFileName(name)) problems.add({ file: entry, line: 0, column: "(file)", why: "not a file of the OneRoster 1.1 CSV binding" }, true);
  }
  return problems.count === before ? { modes, lines } : null;
}
