import type { FileMapper } from "./mapper.ts";
import { refs } from "./mapper.ts";

const TYPES = ["gradingPeriod", "semester", "schoolYear", "term"] as const;

export const academicSessionsMapper: FileMapper<"academicSessions"> = {
  entity: "academicSessions",
  toRecord: (row, sourcedId) => {
    const startDate = row.date("startDate", true) ?? "";
    const endDate = row.date("endDate", true) ?? "";
    if (row.ok && endDate < startDate) row.fail("endDate", `${endDate} is before startDate ${startDate}`);
    const schoolYear = row.required("schoolYear");
    if (schoolYear !== "" && !/^\d{4}$/.test(schoolYear)) row.fail("schoolYear", `${JSON.stringify(schoolYear)} is not a four-digit year`);
    return {
      sourcedId,
      title: row.required("title"),
      type: row.oneOf("type", TYPES, true),
      startDate,
      endDate,
      parentSourcedId: row.optionalId("parentSourcedId"),
      schoolYear,
    };
  },
  references: (session) => refs("parentSourcedId", "academicSessions", session.parentSourcedId),
};
