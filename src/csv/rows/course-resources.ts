import { sql } from "kysely";
import { inSchools } from "../../api/v1p1/school-scope.ts";
import { defineCsvFile } from "../csv-file.ts";
import { text } from "../format.ts";

export const courseResourcesFile = defineCsvFile({
  name: "courseResources",
  from: (db) => db.selectFrom("course_resources as e"),
  // The resources of the courses the export has (see courses.ts).
  inSchools: (schools) =>
    sql`exists (select 1 from courses co where co.tenant_id = e.tenant_id and co.sourced_id = e.course_sourced_id and (${inSchools("co.org_sourced_id", schools)}
      or exists (select 1 from classes c where c.tenant_id = co.tenant_id and c.course_sourced_id = co.sourced_id and ${inSchools("c.school_sourced_id", schools)})))`,
  select: (from) => from.select(["e.title", "e.course_sourced_id", "e.resource_sourced_id"]),
  cells: (row) => [text(row.title), row.course_sourced_id, row.resource_sourced_id],
});
