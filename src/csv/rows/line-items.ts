import { sql } from "kysely";
import { classInSchools } from "../../api/v1p1/school-scope.ts";
import { defineCsvFile } from "../csv-file.ts";
import { num, text } from "../format.ts";

/** The UTC calendar date of a timestamptz. */
const utcDate = (column: string) => sql<string>`to_char(${sql.ref(column)} at time zone 'UTC', 'YYYY-MM-DD')`;

export const lineItemsFile = defineCsvFile({
  name: "lineItems",
  from: (db) => db.selectFrom("line_items as e"),
  inSchools: (schools) => classInSchools("e.class_sourced_id", schools),
  // assignDate and dueDate are dates in the 1.1 CSV binding (date-times only from 1.2 on), though stored as instants.
  select: (from) =>
    from.select([
      "e.title",
      "e.description",
      utcDate("e.assign_date").as("assign_date"),
      utcDate("e.due_date").as("due_date"),
      "e.class_sourced_id",
      "e.category_sourced_id",
      "e.grading_period_sourced_id",
      "e.result_value_min",
      "e.result_value_max",
    ]),
  cells: (row) => [
    row.title,
    text(row.description),
    row.assign_date,
    row.due_date,
    row.class_sourced_id,
    row.category_sourced_id,
    row.grading_period_sourced_id,
    num(row.result_value_min),
    num(row.result_value_max),
  ],
});
