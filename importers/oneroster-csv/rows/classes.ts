import type { FileMapper } from "./mapper.ts";
import { refs } from "./mapper.ts";

const TYPES = ["homeroom", "scheduled"] as const;

export const classesMapper: FileMapper<"classes"> = {
  entity: "classes",
  toRecord: (row, sourcedId) => ({
    sourcedId,
    title: row.required("title"),
    grades: row.list("grades"),
    courseSourcedId: row.id("courseSourcedId"),
    classCode: row.text("classCode"),
    classType: row.oneOf("classType", TYPES, true),
    location: row.text("location"),
    schoolSourcedId: row.id("schoolSourcedId"),
    termSourcedIds: row.idList("termSourcedIds", 1),
    subjects: row.list("subjects"),
    subjectCodes: row.list("subjectCodes"),
    periods: row.list("periods"),
  }),
  references: (klass) => [
    ...refs("courseSourcedId", "courses", klass.courseSourcedId),
    ...refs("schoolSourcedId", "orgs", klass.schoolSourcedId),
    ...refs("termSourcedIds", "academicSessions", ...klass.termSourcedIds),
  ],
};
