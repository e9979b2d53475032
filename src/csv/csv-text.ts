import { stringify } from "csv-stringify/sync";

/**
 * RFC 4180 text of some records: CRLF after each, a field quoted when it holds a comma, a quote or a line break.
 * With a record delimiter of its own, csv-stringify quotes a lone CR or LF only when asked to (quote_record_delimiter).
 */
export function csvRecords(records: readonly (readonly string[])[]): string {
  return stringify(records as string[][], { record_delimiter: "\r\n", quote_record_delimiter: true });
}
