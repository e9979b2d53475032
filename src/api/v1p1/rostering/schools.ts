import type { Router } from "express";
import { collectionHandler } from "../collection.ts";
import { academicSession } from "../entities/academic-session.ts";
import { klass } from "../entities/class.ts";
import { course } from "../entities/course.ts";
import { enrollment } from "../entities/enrollment.ts";
import { org } from "../entities/org.ts";
import { user } from "../entities/user.ts";
import { columnIs, enrolledInClass, memberOfOrg, orgOfType, sessionOfType, termOfSchool, userWithRole } from "../endpoint-conditions.ts";
import type { Guards } from "../guards.ts";
import type { ParentCheck } from "../parents.ts";
import { recordHandler } from "../record.ts";
import type { V1p1Options } from "../request-context.ts";

const SCHOOL: ParentCheck = { entity: org, param: "schoolSourcedId", label: "school", where: () => [orgOfType("school")] };
const CLASS_OF_SCHOOL: ParentCheck = {
  entity: klass,
  param: "classSourcedId",
  label: "class",
  where: (p) => [columnIs("e.school_sourced_id", p.schoolSourcedId ?? "")],
};

/** /schools: orgs of type school, and everything the binding nests under a school. */
export function schoolRoutes(router: Router, options: V1p1Options, guards: Guards): void {
  const core = guards.rosterCore;
  router.get("/schools", core, collectionHandler(options, { entity: org, where: () => [orgOfType("school")] }));
  router.get("/schools/:sourcedId", core, recordHandler(options, { entity: org, label: "school", where: [orgOfType("school")] }));
  router.get(
    "/schools/:schoolSourcedId/courses",
    core,
    collectionHandler(options, { entity: course, parents: [SCHOOL], where: (p) => [columnIs("e.org_sourced_id", p.schoolSourcedId ?? "")] }),
  );
  router.get(
    "/schools/:schoolSourcedId/classes",
    core,
    collectionHandler(options, { entity: klass, parents: [SCHOOL], where: (p) => [columnIs("e.school_sourced_id", p.schoolSourcedId ?? "")] }),
  );
  router.get(
    "/schools/:schoolSourcedId/enrollments",
    core,
    collectionHandler(options, { entity: enrollment, parents: [SCHOOL], where: (p) => [columnIs("e.school_sourced_id", p.schoolSourcedId ?? "")] }),
  );
  for (const [path, role] of [
    ["students", "student"],
    ["teachers", "teacher"],
  ] as const) {
    router.get(
      `/schools/:schoolSourcedId/${path}`,
      core,
      collectionHandler(options, { entity: user, parents: [SCHOOL], where: (p) => [userWithRole(role), memberOfOrg(p.schoolSourcedId ?? "")] }),
    );
    router.get(
      `/schools/:schoolSourcedId/classes/:classSourcedId/${path}`,
      core,
      collectionHandler(options, {
        entity: user,
        parents: [SCHOOL, CLASS_OF_SCHOOL],
        where: (p) => [userWithRole(role), enrolledInClass(p.classSourcedId ?? "", role)],
      }),
    );
  }
  router.get(
    "/schools/:schoolSourcedId/terms",
    core,
    collectionHandler(options, { entity: academicSession, parents: [SCHOOL], where: (p) => [sessionOfType("term"), termOfSchool(p.schoolSourcedId ?? "")] }),
  );
  router.get(
    "/schools/:schoolSourcedId/classes/:classSourcedId/enrollments",
    core,
    collectionHandler(options, {
      entity: enrollment,
      parents: [SCHOOL, CLASS_OF_SCHOOL],
      where: (p) => [columnIs("e.class_sourced_id", p.classSourcedId ?? ""), columnIs("e.school_sourced_id", p.schoolSourcedId ?? "")],
    }),
  );
}
