import { defineCsvFile } from "../csv-file.ts";
import { text } from "../format.ts";

/** Sessions are the tenant's calendar, not bound to a school: a school-limited export has them all. */
export const academicSessionsFile = defineCsvFile({
  name: "academicSessions",
  from: (db) => db.selectFrom("academic_sessions as e"),
  select: (from) => from.select(["e.title", "e.type", "e.start_date", "e.end_date", "e.parent_sourced_id", "e.school_year"]),
  cells: (row) => [row.title, row.type, row.start_date, row.end_date, text(row.parent_sourced_id), row.school_year],
});
