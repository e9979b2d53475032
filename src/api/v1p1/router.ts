import express, { type Router } from "express";
import { categoryRoutes } from "./gradebook/categories.ts";
import { lineItemRoutes } from "./gradebook/line-items.ts";
import { resultRoutes } from "./gradebook/results.ts";
import type { Guards } from "./guards.ts";
import type { V1p1Options } from "./request-context.ts";
import { resourceRoutes } from "./resources/resources.ts";
import { academicSessionRoutes } from "./rostering/academic-sessions.ts";
import { classRoutes } from "./rostering/classes.ts";
import { courseRoutes } from "./rostering/courses.ts";
import { demographicsRoutes } from "./rostering/demographics.ts";
import { enrollmentRoutes } from "./rostering/enrollments.ts";
import { orgRoutes } from "./rostering/orgs.ts";
import { schoolRoutes } from "./rostering/schools.ts";
import { userRoutes } from "./rostering/users.ts";

/** Every endpoint of the OneRoster 1.1 REST binding, relative to its base path. */
export function oneRosterV1p1Router(options: V1p1Options, guards: Guards): Router {
  const router = express.Router();
  for (const routes of [
    orgRoutes,
    schoolRoutes,
    academicSessionRoutes,
    courseRoutes,
    classRoutes,
    userRoutes,
    enrollmentRoutes,
    demographicsRoutes,
    categoryRoutes,
    lineItemRoutes,
    resultRoutes,
    resourceRoutes,
  ]) {
    routes(router, options, guards);
  }
  return router;
}
