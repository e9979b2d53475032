import { stringify } from "csv-stringify/sync";

/**
 * ASM's CSV: comma-separated, "\n" line endings, UTF-8 without BOM; a value holding a space, a comma or a quote is
 * quoted, and a quote inside it is escaped with a backslash. (Line breaks never reach here: values are one line.)
 */
export function asmCsvRecords(records: readonly (readonly string[])[]): string {
  return stringify(records as string[][], { record_delimiter: "\n", escape: "\\", quoted_match: /[ ,]/ });
}
