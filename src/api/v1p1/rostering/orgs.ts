import type { Router } from "express";
import { collectionHandler } from "../collection.ts";
import { org } from "../entities/org.ts";
import type { Guards } from "../guards.ts";
import { recordHandler } from "../record.ts";
import type { V1p1Options } from "../request-context.ts";

export function orgRoutes(router: Router, options: V1p1Options, guards: Guards): void {
  router.get("/orgs", guards.rosterCore, collectionHandler(options, { entity: org }));
  router.get("/orgs/:sourcedId", guards.rosterCore, recordHandler(options, { entity: org, label: "org" }));
}
