import type { Router } from "express";
import { collectionHandler } from "../collection.ts";
import { academicSession } from "../entities/academic-session.ts";
import { klass } from "../entities/class.ts";
import { classInTerm, columnIs, sessionOfType } from "../endpoint-conditions.ts";
import type { Guards } from "../guards.ts";
import type { ParentCheck } from "../parents.ts";
import { recordHandler } from "../record.ts";
import type { V1p1Options } from "../request-context.ts";

const TERM: ParentCheck = { entity: academicSession, param: "termSourcedId", label: "term", where: () => [sessionOfType("term")] };

/** /academicSessions and its typed subsets /terms and /gradingPeriods. */
export function academicSessionRoutes(router: Router, options: V1p1Options, guards: Guards): void {
  const core = guards.rosterCore;
  router.get("/academicSessions", core, collectionHandler(options, { entity: academicSession }));
  router.get("/academicSessions/:sourcedId", core, recordHandler(options, { entity: academicSession, label: "academicSession" }));
  for (const [path, type] of [
    ["terms", "term"],
    ["gradingPeriods", "gradingPeriod"],
  ] as const) {
    router.get(`/${path}`, core, collectionHandler(options, { entity: academicSession, where: () => [sessionOfType(type)] }));
    router.get(`/${path}/:sourcedId`, core, recordHandler(options, { entity: academicSession, label: type, where: [sessionOfType(type)] }));
  }
  router.get(
    "/terms/:termSourcedId/classes",
    core,
    collectionHandler(options, { entity: klass, parents: [TERM], where: (p) => [classInTerm(p.termSourcedId ?? "")] }),
  );
  router.get(
    "/terms/:termSourcedId/gradingPeriods",
    core,
    collectionHandler(options, {
      entity: academicSession,
      parents: [TERM],
      where: (p) => [sessionOfType("gradingPeriod"), columnIs("e.parent_sourced_id", p.termSourcedId ?? "")],
    }),
  );
}
