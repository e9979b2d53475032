import { sql, type Selectable } from "kysely";
import type { CoursesTable } from "../../../../db/schema.ts";
import { BASE_COLUMNS, BASE_FIELDS, BASE_JSON_FIELDS, baseJson, defineEntity, optional } from "../entity.ts";
import { inSchools } from "../school-scope.ts";

type CourseRow = Omit<Selectable<CoursesTable>, "tenant_id" | "source_id" | "sync_hash" | "date_last_modified"> & { date_last_modified: Date; resources: string[] };

export const course = defineEntity<CourseRow>({
  type: "course",
  collectionKey: "courses",
  recordKey: "course",
  jsonFields: [...BASE_JSON_FIELDS, "title", "schoolYear", "courseCode", "grades", "subjects", "org", "subjectCodes", "resources"],
  fields: {
    ...BASE_FIELDS,
    title: { column: "e.title", type: "string" },
    "schoolYear.sourcedId": { column: "e.school_year_sourced_id", type: "string" },
    courseCode: { column: "e.course_code", type: "string" },
    grades: { column: "e.grades", type: "list" },
    subjects: { column: "e.subjects", type: "list" },
    "org.sourcedId": { column: "e.org_sourced_id", type: "string" },
    subjectCodes: { column: "e.subject_codes", type: "list" },
  },
  table: "courses",
  selectJson: (from) =>
    from
      .select([
        ...BASE_COLUMNS,
        "e.title",
        "e.school_year_sourced_id",
        "e.course_code",
        "e.grades",
        "e.subjects",
        "e.org_sourced_id",
        "e.subject_codes",
      ])
      .select(
        sql<string[]>`array(select r.resource_sourced_id from course_resources r where r.tenant_id = e.tenant_id and r.course_sourced_id = e.sourced_id and r.status = 'active' order by r.resource_sourced_id)`.as(
          "resources",
        ),
      ),
  toJson(row, refs) {
    const json = baseJson(row);
    json.title = row.title;
    if (row.school_year_sourced_id !== null) json.schoolYear = refs.ref("academicSession", row.school_year_sourced_id);
    optional(json, "courseCode", row.course_code);
    json.grades = row.grades;
    json.subjects = row.subjects;
    json.org = refs.ref("org", row.org_sourced_id);
    json.subjectCodes = row.subject_codes;
    json.resources = refs.refs("resource", row.resources);
    return json;
  },
  // A course is a school's when the school owns it or teaches a class of it.
  visibleInSchools: (schools) =>
    sql`(${inSchools("e.org_sourced_id", schools)} or exists (select 1 from classes c where c.tenant_id = e.tenant_id and c.course_sourced_id = e.sourced_id and ${inSchools("c.school_sourced_id", schools)}))`,
});
