import { sql, type Selectable } from "kysely";
import type { ClassesTable } from "../../../../db/schema.ts";
import { BASE_COLUMNS, BASE_FIELDS, BASE_JSON_FIELDS, baseJson, defineEntity, optional } from "../entity.ts";
import { inSchools } from "../school-scope.ts";

type ClassRow = Omit<Selectable<ClassesTable>, "tenant_id" | "source_id" | "sync_hash" | "date_last_modified"> & {
  date_last_modified: Date;
  terms: string[];
  resources: string[];
};

export const klass = defineEntity<ClassRow>({
  type: "class",
  collectionKey: "classes",
  recordKey: "class",
  jsonFields: [
    ...BASE_JSON_FIELDS,
    "title",
    "classCode",
    "classType",
    "location",
    "grades",
    "subjects",
    "course",
    "school",
    "terms",
    "subjectCodes",
    "periods",
    "resources",
  ],
  fields: {
    ...BASE_FIELDS,
    title: { column: "e.title", type: "string" },
    classCode: { column: "e.class_code", type: "string" },
    classType: { column: "e.class_type", type: "string" },
    location: { column: "e.location", type: "string" },
    grades: { column: "e.grades", type: "list" },
    subjects: { column: "e.subjects", type: "list" },
    "course.sourcedId": { column: "e.course_sourced_id", type: "string" },
    "school.sourcedId": { column: "e.school_sourced_id", type: "string" },
    subjectCodes: { column: "e.subject_codes", type: "list" },
    periods: { column: "e.periods", type: "list" },
  },
  table: "classes",
  selectJson: (from) =>
    from
      .select([
        ...BASE_COLUMNS,
        "e.title",
        "e.class_code",
        "e.class_type",
        "e.location",
        "e.grades",
        "e.subjects",
        "e.course_sourced_id",
        "e.school_sourced_id",
        "e.subject_codes",
        "e.periods",
      ])
      .select([
        sql<string[]>`array(select t.term_sourced_id from class_terms t where t.tenant_id = e.tenant_id and t.class_sourced_id = e.sourced_id order by t.ordinal)`.as(
          "terms",
        ),
        sql<string[]>`array(select r.resource_sourced_id from class_resources r where r.tenant_id = e.tenant_id and r.class_sourced_id = e.sourced_id and r.status = 'active' order by r.resource_sourced_id)`.as(
          "resources",
        ),
      ]),
  toJson(row, refs) {
    const json = baseJson(row);
    json.title = row.title;
    optional(json, "classCode", row.class_code);
    json.classType = row.class_type;
    optional(json, "location", row.location);
    json.grades = row.grades;
    json.subjects = row.subjects;
    json.course = refs.ref("course", row.course_sourced_id);
    json.school = refs.ref("org", row.school_sourced_id);
    json.terms = refs.refs("academicSession", row.terms);
    json.subjectCodes = row.subject_codes;
    json.periods = row.periods;
    json.resources = refs.refs("resource", row.resources);
    return json;
  },
  visibleInSchools: (schools) => inSchools("e.school_sourced_id", schools),
});
