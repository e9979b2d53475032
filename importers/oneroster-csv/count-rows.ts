import type { CsvFileName } from "../../src/csv/columns.ts";
import type { ZipArchive } from "./zip-archive.ts";

const QUOTE = 0x22;
const LF = 0x0a;

/**
 * The data rows of a file the importer does not import (gradebook, resources), so the notice can say how many: line
 * feeds outside quoted fields (a doubled quote toggles twice, so it needs no special case), plus an unterminated
 * last line, less the header. Not parsed or checked: its rows are not imported.
 */
export async function countRows(zip: ZipArchive, file: CsvFileName): Promise<number> {
  let records = 0;
  let quoted = false;
  let pending = false;
  for await (const chunk of await zip.open(`${file}.csv`)) {
    const bytes = chunk as Buffer;
    for (let i = 0; i < bytes.length; i++) {
      const byte = bytes[i];
      if (byte === QUOTE) quoted = !quoted;
      else if (byte === LF && !quoted) {
        records++;
        pending = false;
        continue;
      }
      pending = true;
    }
  }
  if (pending) records++;
  return Math.max(0, records - 1);
}
