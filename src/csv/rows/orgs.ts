import { sql } from "kysely";
import { inSchools } from "../../api/v1p1/school-scope.ts";
import { defineCsvFile } from "../csv-file.ts";
import { text } from "../format.ts";

export const orgsFile = defineCsvFile({
  name: "orgs",
  from: (db) => db.selectFrom("orgs as e"),
  // As for a school-limited API client: the schools and the departments under them, not their district.
  inSchools: (schools) => sql`(${inSchools("e.sourced_id", schools)} or ${inSchools("e.parent_sourced_id", schools)})`,
  select: (from) => from.select(["e.name", "e.type", "e.identifier", "e.parent_sourced_id"]),
  cells: (row) => [row.name, row.type, text(row.identifier), text(row.parent_sourced_id)],
});
