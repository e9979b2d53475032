import { sql } from "kysely";
import { inSchools } from "../../api/v1p1/school-scope.ts";
import { defineTextCsvFile } from "../csv-file.ts";

export const enrollmentsFile = defineTextCsvFile({
  name: "enrollments",
  from: (db) => db.selectFrom("enrollments as e"),
  inSchools: (schools) => inSchools("e.school_sourced_id", schools),
  cells: [
    sql<string>`e.class_sourced_id`,
    sql<string>`e.school_sourced_id`,
    sql<string>`e.user_sourced_id`,
    sql<string>`e.role`,
    sql<string | null>`case when e.primary then 'true' when not e.primary then 'false' end`,
    sql<string | null>`to_char(e.begin_date, 'YYYY-MM-DD')`,
    sql<string | null>`to_char(e.end_date, 'YYYY-MM-DD')`,
  ],
});
