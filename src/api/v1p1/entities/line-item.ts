import type { Selectable } from "kysely";
import type { LineItemsTable } from "../../../../db/schema.ts";
import { BASE_COLUMNS, BASE_FIELDS, BASE_JSON_FIELDS, baseJson, defineEntity, optional } from "../entity.ts";
import { classInSchools } from "../school-scope.ts";

type LineItemRow = Omit<Selectable<LineItemsTable>, "tenant_id" | "source_id" | "date_last_modified" | "assign_date" | "due_date" | "school_sourced_id"> & {
  date_last_modified: Date;
  assign_date: Date;
  due_date: Date;
};

export const lineItem = defineEntity<LineItemRow>({
  type: "lineItem",
  collectionKey: "lineItems",
  recordKey: "lineItem",
  jsonFields: [
    ...BASE_JSON_FIELDS,
    "title",
    "description",
    "assignDate",
    "dueDate",
    "class",
    "category",
    "gradingPeriod",
    "resultValueMin",
    "resultValueMax",
  ],
  fields: {
    ...BASE_FIELDS,
    title: { column: "e.title", type: "string" },
    description: { column: "e.description", type: "string" },
    assignDate: { column: "e.assign_date", type: "datetime" },
    dueDate: { column: "e.due_date", type: "datetime" },
    "class.sourcedId": { column: "e.class_sourced_id", type: "string" },
    "category.sourcedId": { column: "e.category_sourced_id", type: "string" },
    "gradingPeriod.sourcedId": { column: "e.grading_period_sourced_id", type: "string" },
    resultValueMin: { column: "e.result_value_min", type: "number" },
    resultValueMax: { column: "e.result_value_max", type: "number" },
  },
  table: "line_items",
  selectJson: (from) =>
    from
      .select([
        ...BASE_COLUMNS,
        "e.title",
        "e.description",
        "e.assign_date",
        "e.due_date",
        "e.class_sourced_id",
        "e.category_sourced_id",
        "e.grading_period_sourced_id",
        "e.result_value_min",
        "e.result_value_max",
      ]),
  toJson(row, refs) {
    const json = baseJson(row);
    json.title = row.title;
    optional(json, "description", row.description);
    json.assignDate = row.assign_date.toISOString();
    json.dueDate = row.due_date.toISOString();
    json.class = refs.ref("class", row.class_sourced_id);
    json.category = refs.ref("category", row.category_sourced_id);
    json.gradingPeriod = refs.ref("academicSession", row.grading_period_sourced_id);
    json.resultValueMin = row.result_value_min;
    json.resultValueMax = row.result_value_max;
    return json;
  },
  visibleInSchools: (schools) => classInSchools("e.class_sourced_id", schools),
});
