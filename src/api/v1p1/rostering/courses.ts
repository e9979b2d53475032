import type { Router } from "express";
import { collectionHandler } from "../collection.ts";
import { klass } from "../entities/class.ts";
import { course } from "../entities/course.ts";
import { columnIs } from "../endpoint-conditions.ts";
import type { Guards } from "../guards.ts";
import { recordHandler } from "../record.ts";
import type { V1p1Options } from "../request-context.ts";

export function courseRoutes(router: Router, options: V1p1Options, guards: Guards): void {
  router.get("/courses", guards.rosterCore, collectionHandler(options, { entity: course }));
  router.get("/courses/:sourcedId", guards.rosterCore, recordHandler(options, { entity: course, label: "course" }));
  router.get(
    "/courses/:courseSourcedId/classes",
    guards.rosterCore,
    collectionHandler(options, {
      entity: klass,
      parents: [{ entity: course, param: "courseSourcedId", label: "course" }],
      where: (p) => [columnIs("e.course_sourced_id", p.courseSourcedId ?? "")],
    }),
  );
}
