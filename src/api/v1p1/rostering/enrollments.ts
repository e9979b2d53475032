import type { Router } from "express";
import { collectionHandler } from "../collection.ts";
import { enrollment } from "../entities/enrollment.ts";
import type { Guards } from "../guards.ts";
import { recordHandler } from "../record.ts";
import type { V1p1Options } from "../request-context.ts";

export function enrollmentRoutes(router: Router, options: V1p1Options, guards: Guards): void {
  router.get("/enrollments", guards.rosterCore, collectionHandler(options, { entity: enrollment }));
  router.get("/enrollments/:sourcedId", guards.rosterCore, recordHandler(options, { entity: enrollment, label: "enrollment" }));
}
