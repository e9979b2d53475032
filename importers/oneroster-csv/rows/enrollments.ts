import type { FileMapper } from "./mapper.ts";
import { refs } from "./mapper.ts";

const ROLES = ["administrator", "proctor", "student", "teacher"] as const;

export const enrollmentsMapper: FileMapper<"enrollments"> = {
  entity: "enrollments",
  toRecord: (row, sourcedId) => ({
    sourcedId,
    classSourcedId: row.id("classSourcedId"),
    schoolSourcedId: row.id("schoolSourcedId"),
    userSourcedId: row.id("userSourcedId"),
    role: row.oneOf("role", ROLES, true),
    primary: row.bool("primary"),
    beginDate: row.date("beginDate"),
    endDate: row.date("endDate"),
  }),
  references: (e) => [
    ...refs("classSourcedId", "classes", e.classSourcedId),
    ...refs("schoolSourcedId", "orgs", e.schoolSourcedId),
    ...refs("userSourcedId", "users", e.userSourcedId),
  ],
};
