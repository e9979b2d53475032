import type { Router } from "express";
import { collectionHandler } from "../collection.ts";
import { demographics } from "../entities/demographics.ts";
import type { Guards } from "../guards.ts";
import { recordHandler } from "../record.ts";
import type { V1p1Options } from "../request-context.ts";

export function demographicsRoutes(router: Router, options: V1p1Options, guards: Guards): void {
  router.get("/demographics", guards.demographics, collectionHandler(options, { entity: demographics }));
  router.get("/demographics/:sourcedId", guards.demographics, recordHandler(options, { entity: demographics, label: "demographics" }));
}
