import { inSchools } from "../../api/v1p1/school-scope.ts";
import { defineCsvFile } from "../csv-file.ts";
import { bool, text } from "../format.ts";

export const enrollmentsFile = defineCsvFile({
  name: "enrollments",
  from: (db) => db.selectFrom("enrollments as e"),
  inSchools: (schools) => inSchools("e.school_sourced_id", schools),
  select: (from) =>
    from.select(["e.class_sourced_id", "e.school_sourced_id", "e.user_sourced_id", "e.role", "e.primary", "e.begin_date", "e.end_date"]),
  cells: (row) => [
    row.class_sourced_id,
    row.school_sourced_id,
    row.user_sourced_id,
    row.role,
    bool(row.primary),
    text(row.begin_date),
    text(row.end_date),
  ],
});
