import { sql } from "kysely";
import { inSchools } from "../../api/v1p1/school-scope.ts";
import { defineCsvFile, listCell } from "../csv-file.ts";
import { text } from "../format.ts";

export const coursesFile = defineCsvFile({
  name: "courses",
  from: (db) => db.selectFrom("courses as e"),
  // A school's courses, and courses of other orgs that have a class at the school.
  inSchools: (schools) =>
    sql`(${inSchools("e.org_sourced_id", schools)} or exists (select 1 from classes c
      where c.tenant_id = e.tenant_id and c.course_sourced_id = e.sourced_id and ${inSchools("c.school_sourced_id", schools)}))`,
  select: (from) =>
    from.select([
      "e.school_year_sourced_id",
      "e.title",
      "e.course_code",
      listCell("e.grades").as("grades"),
      "e.org_sourced_id",
      listCell("e.subjects").as("subjects"),
      listCell("e.subject_codes").as("subject_codes"),
    ]),
  cells: (row) => [
    text(row.school_year_sourced_id),
    row.title,
    text(row.course_code),
    row.grades,
    row.org_sourced_id,
    row.subjects,
    row.subject_codes,
  ],
});
