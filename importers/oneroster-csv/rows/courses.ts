import type { FileMapper } from "./mapper.ts";
import { refs } from "./mapper.ts";

export const coursesMapper: FileMapper<"courses"> = {
  entity: "courses",
  toRecord: (row, sourcedId) => ({
    sourcedId,
    schoolYearSourcedId: row.optionalId("schoolYearSourcedId"),
    title: row.required("title"),
    courseCode: row.text("courseCode"),
    grades: row.list("grades"),
    orgSourcedId: row.id("orgSourcedId"),
    subjects: row.list("subjects"),
    subjectCodes: row.list("subjectCodes"),
  }),
  references: (course) => [
    ...refs("schoolYearSourcedId", "academicSessions", course.schoolYearSourcedId),
    ...refs("orgSourcedId", "orgs", course.orgSourcedId),
  ],
};
