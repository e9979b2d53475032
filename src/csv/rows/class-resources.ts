import { classInSchools } from "../../api/v1p1/school-scope.ts";
import { defineCsvFile } from "../csv-file.ts";
import { text } from "../format.ts";

export const classResourcesFile = defineCsvFile({
  name: "classResources",
  from: (db) => db.selectFrom("class_resources as e"),
  inSchools: (schools) => classInSchools("e.class_sourced_id", schools),
  select: (from) => from.select(["e.title", "e.class_sourced_id", "e.resource_sourced_id"]),
  cells: (row) => [text(row.title), row.class_sourced_id, row.resource_sourced_id],
});
