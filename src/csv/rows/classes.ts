import { sql } from "kysely";
import { inSchools } from "../../api/v1p1/school-scope.ts";
import { defineCsvFile, listCell } from "../csv-file.ts";
import { text } from "../format.ts";

export const classesFile = defineCsvFile({
  name: "classes",
  from: (db) => db.selectFrom("classes as e"),
  inSchools: (schools) => inSchools("e.school_sourced_id", schools),
  select: (from) =>
    from.select([
      "e.title",
      listCell("e.grades").as("grades"),
      "e.course_sourced_id",
      "e.class_code",
      "e.class_type",
      "e.location",
      "e.school_sourced_id",
      sql<string>`array_to_string(array(select t.term_sourced_id from class_terms t where t.tenant_id = e.tenant_id and t.class_sourced_id = e.sourced_id order by t.ordinal), ',')`.as(
        "terms",
      ),
      listCell("e.subjects").as("subjects"),
      listCell("e.subject_codes").as("subject_codes"),
      listCell("e.periods").as("periods"),
    ]),
  cells: (row) => [
    row.title,
    row.grades,
    row.course_sourced_id,
    text(row.class_code),
    row.class_type,
    text(row.location),
    row.school_sourced_id,
    row.terms,
    row.subjects,
    row.subject_codes,
    row.periods,
  ],
});
