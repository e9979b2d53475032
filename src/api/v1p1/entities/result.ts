import { sql, type Selectable } from "kysely";
import type { ResultsTable } from "../../../../db/schema.ts";
import { BASE_COLUMNS, BASE_FIELDS, BASE_JSON_FIELDS, baseJson, defineEntity, optional } from "../entity.ts";
import { inSchools } from "../school-scope.ts";

type ResultRow = Omit<Selectable<ResultsTable>, "tenant_id" | "source_id" | "date_last_modified" | "text_score"> & { date_last_modified: Date };

export const result = defineEntity<ResultRow>({
  type: "result",
  collectionKey: "results",
  recordKey: "result",
  jsonFields: [...BASE_JSON_FIELDS, "lineItem", "student", "scoreStatus", "score", "scoreDate", "comment"],
  fields: {
    ...BASE_FIELDS,
    "lineItem.sourcedId": { column: "e.line_item_sourced_id", type: "string" },
    "student.sourcedId": { column: "e.student_sourced_id", type: "string" },
    scoreStatus: { column: "e.score_status", type: "string" },
    score: { column: "e.score", type: "number" },
    scoreDate: { column: "e.score_date", type: "date" },
    comment: { column: "e.comment", type: "string" },
  },
  table: "results",
  selectJson: (from) =>
    from
      .select([
        ...BASE_COLUMNS,
        "e.line_item_sourced_id",
        "e.student_sourced_id",
        "e.score_status",
        "e.score",
        "e.score_date",
        "e.comment",
      ]),
  toJson(row, refs) {
    const json = baseJson(row);
    json.lineItem = refs.ref("lineItem", row.line_item_sourced_id);
    json.student = refs.ref("user", row.student_sourced_id);
    json.scoreStatus = row.score_status;
    json.score = row.score;
    json.scoreDate = row.score_date;
    optional(json, "comment", row.comment);
    return json;
  },
  visibleInSchools: (schools) =>
    sql`exists (select 1 from line_items li join classes lc on lc.tenant_id = li.tenant_id and lc.sourced_id = li.class_sourced_id
      where li.tenant_id = e.tenant_id and li.sourced_id = e.line_item_sourced_id and ${inSchools("lc.school_sourced_id", schools)})`,
});
