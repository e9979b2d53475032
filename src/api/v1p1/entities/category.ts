import type { Selectable } from "kysely";
import type { CategoriesTable } from "../../../../db/schema.ts";
import { BASE_COLUMNS, BASE_FIELDS, BASE_JSON_FIELDS, baseJson, defineEntity } from "../entity.ts";

type CategoryRow = Pick<Selectable<CategoriesTable>, "sourced_id" | "status" | "metadata" | "title"> & { date_last_modified: Date };

export const category = defineEntity<CategoryRow>({
  type: "category",
  collectionKey: "categories",
  recordKey: "category",
  jsonFields: [...BASE_JSON_FIELDS, "title"],
  fields: { ...BASE_FIELDS, title: { column: "e.title", type: "string" } },
  table: "categories",
  selectJson: (from) =>
    from.select([...BASE_COLUMNS, "e.title"]),
  toJson(row, _refs) {
    const json = baseJson(row);
    json.title = row.title;
    return json;
  },
});
