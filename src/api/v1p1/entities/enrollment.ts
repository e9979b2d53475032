import type { Selectable } from "kysely";
import type { EnrollmentsTable } from "../../../../db/schema.ts";
import { BASE_COLUMNS, BASE_FIELDS, BASE_JSON_FIELDS, baseJson, defineEntity, optional } from "../entity.ts";
import { inSchools } from "../school-scope.ts";

type EnrollmentRow = Omit<Selectable<EnrollmentsTable>, "tenant_id" | "source_id" | "sync_hash" | "date_last_modified"> & { date_last_modified: Date };

export const enrollment = defineEntity<EnrollmentRow>({
  type: "enrollment",
  collectionKey: "enrollments",
  recordKey: "enrollment",
  jsonFields: [...BASE_JSON_FIELDS, "user", "class", "school", "role", "primary", "beginDate", "endDate"],
  fields: {
    ...BASE_FIELDS,
    "user.sourcedId": { column: "e.user_sourced_id", type: "string" },
    "class.sourcedId": { column: "e.class_sourced_id", type: "string" },
    "school.sourcedId": { column: "e.school_sourced_id", type: "string" },
    role: { column: "e.role", type: "string" },
    primary: { column: "e.primary", type: "boolean" },
    beginDate: { column: "e.begin_date", type: "date" },
    endDate: { column: "e.end_date", type: "date" },
  },
  table: "enrollments",
  selectJson: (from) =>
    from
      .select([
        ...BASE_COLUMNS,
        "e.user_sourced_id",
        "e.class_sourced_id",
        "e.school_sourced_id",
        "e.role",
        "e.primary",
        "e.begin_date",
        "e.end_date",
      ]),
  toJson(row, refs) {
    const json = baseJson(row);
    json.user = refs.ref("user", row.user_sourced_id);
    json.class = refs.ref("class", row.class_sourced_id);
    json.school = refs.ref("org", row.school_sourced_id);
    json.role = row.role;
    optional(json, "primary", row.primary);
    optional(json, "beginDate", row.begin_date);
    optional(json, "endDate", row.end_date);
    return json;
  },
  visibleInSchools: (schools) => inSchools("e.school_sourced_id", schools),
});
