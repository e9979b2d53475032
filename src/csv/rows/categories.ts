import { defineCsvFile } from "../csv-file.ts";

/** Categories are the tenant's, not bound to a school. */
export const categoriesFile = defineCsvFile({
  name: "categories",
  from: (db) => db.selectFrom("categories as e"),
  select: (from) => from.select(["e.title"]),
  cells: (row) => [row.title],
});
