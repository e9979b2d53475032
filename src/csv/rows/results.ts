import { sql } from "kysely";
import { inSchools } from "../../api/v1p1/school-scope.ts";
import { defineCsvFile } from "../csv-file.ts";
import { num, text } from "../format.ts";

export const resultsFile = defineCsvFile({
  name: "results",
  from: (db) => db.selectFrom("results as e"),
  // The results of line items of the schools' classes.
  inSchools: (schools) =>
    sql`exists (select 1 from line_items li join classes lc on lc.tenant_id = li.tenant_id and lc.sourced_id = li.class_sourced_id
      where li.tenant_id = e.tenant_id and li.sourced_id = e.line_item_sourced_id and ${inSchools("lc.school_sourced_id", schools)})`,
  select: (from) => from.select(["e.line_item_sourced_id", "e.student_sourced_id", "e.score_status", "e.score", "e.score_date", "e.comment"]),
  cells: (row) => [row.line_item_sourced_id, row.student_sourced_id, row.score_status, num(row.score), row.score_date, text(row.comment)],
});
