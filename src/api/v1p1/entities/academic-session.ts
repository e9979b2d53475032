import { sql, type Selectable } from "kysely";
import type { AcademicSessionsTable } from "../../../../db/schema.ts";
import { BASE_COLUMNS, BASE_FIELDS, BASE_JSON_FIELDS, baseJson, defineEntity } from "../entity.ts";

type AcademicSessionRow = Omit<Selectable<AcademicSessionsTable>, "tenant_id" | "source_id" | "sync_hash" | "date_last_modified" | "org_sourced_id"> & {
  date_last_modified: Date;
  children: string[];
};

export const academicSession = defineEntity<AcademicSessionRow>({
  type: "academicSession",
  collectionKey: "academicSessions",
  recordKey: "academicSession",
  jsonFields: [...BASE_JSON_FIELDS, "title", "startDate", "endDate", "type", "parent", "children", "schoolYear"],
  fields: {
    ...BASE_FIELDS,
    title: { column: "e.title", type: "string" },
    startDate: { column: "e.start_date", type: "date" },
    endDate: { column: "e.end_date", type: "date" },
    type: { column: "e.type", type: "string" },
    schoolYear: { column: "e.school_year", type: "string" },
    "parent.sourcedId": { column: "e.parent_sourced_id", type: "string" },
  },
  table: "academic_sessions",
  selectJson: (from) =>
    from
      .select([
        ...BASE_COLUMNS,
        "e.title",
        "e.type",
        "e.start_date",
        "e.end_date",
        "e.parent_sourced_id",
        "e.school_year",
      ])
      .select(
        sql<string[]>`array(select c.sourced_id from academic_sessions c where c.tenant_id = e.tenant_id and c.parent_sourced_id = e.sourced_id order by c.start_date, c.sourced_id)`.as(
          "children",
        ),
      ),
  toJson(row, refs) {
    const json = baseJson(row);
    json.title = row.title;
    json.startDate = row.start_date;
    json.endDate = row.end_date;
    json.type = row.type;
    if (row.parent_sourced_id !== null) json.parent = refs.ref("academicSession", row.parent_sourced_id);
    json.children = refs.refs("academicSession", row.children);
    json.schoolYear = row.school_year;
    return json;
  },
});
