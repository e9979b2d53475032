import { defineCsvFile, listCell } from "../csv-file.ts";
import { text } from "../format.ts";

/** Resources are the tenant's catalogue, not bound to a school. */
export const resourcesFile = defineCsvFile({
  name: "resources",
  from: (db) => db.selectFrom("resources as e"),
  select: (from) =>
    from.select(["e.vendor_resource_id", "e.title", listCell("e.roles").as("roles"), "e.importance", "e.vendor_id", "e.application_id"]),
  cells: (row) => [row.vendor_resource_id, text(row.title), row.roles, text(row.importance), text(row.vendor_id), text(row.application_id)],
});
