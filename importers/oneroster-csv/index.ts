/** The OneRoster 1.1 CSV importer: a bulk or delta zip → canonical records for runSync (see README.md). */
export { readOneRosterCsvZip, type KnownSourcedIds, type OneRosterCsvRead, type OneRosterCsvReadOptions } from "./read-zip.ts";
export { formatProblem, type Problem } from "./problems.ts";
export type { ZipSource } from "./zip-archive.ts";

/** The importer's kind, as runSync records it on the source. */
export const ONEROSTER_CSV_KIND = "oneroster-csv";
