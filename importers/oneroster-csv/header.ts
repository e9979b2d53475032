import { CSV_COLUMNS, type CsvFileName } from "../../src/csv/columns.ts";
import type { ProblemList } from "./problems.ts";

/**
 * The header of a file: every column of the binding, spelt exactly (headers are case-sensitive), each once, nothing
 * else. Any order is read, by name. Returns column → index, or null (with a problem per fault) when the header is wrong.
 */
export function readHeader(file: CsvFileName, header: readonly string[], problems: ProblemList): Map<string, number> | null {
  const expected: readonly string[] = CSV_COLUMNS[file];
  const name = `${file}.csv`;
  const index = new Map<string, number>();
  let ok = true;
  header.forEach((column, i) => {
    if (index.has(column)) {
      problems.add({ file: name, line: 1, column, why: `appears twice in the header (columns ${index.get(column)! + 1} and ${i + 1})` }, true);
      ok = false;
    } else if (!expected.includes(column)) {
      const meant = expected.find((e) => e.toLowerCase() === column.trim().toLowerCase());
      const hint = meant ? `; did you mean "${meant}"? (headers are case-sensitive)` : "";
      problems.add({ file: name, line: 1, column: column === "" ? `(column ${i + 1})` : column, why: `not a column of ${name}${hint}` }, true);
      ok = false;
    }
    index.set(column, i);
  });
  for (const column of expected) {
    if (!index.has(column)) {
      problems.add({ file: name, line: 1, column, why: "missing from the header" }, true);
      ok = false;
    }
  }
  return ok ? index : null;
}
