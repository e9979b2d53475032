import type { Router } from "express";
import { collectionHandler } from "../collection.ts";
import { klass } from "../entities/class.ts";
import { user } from "../entities/user.ts";
import { enrolledInClass, userWithRole } from "../endpoint-conditions.ts";
import type { Guards } from "../guards.ts";
import { recordHandler } from "../record.ts";
import type { V1p1Options } from "../request-context.ts";

export function classRoutes(router: Router, options: V1p1Options, guards: Guards): void {
  router.get("/classes", guards.rosterCore, collectionHandler(options, { entity: klass }));
  router.get("/classes/:sourcedId", guards.rosterCore, recordHandler(options, { entity: klass, label: "class" }));
  for (const [path, role] of [
    ["students", "student"],
    ["teachers", "teacher"],
  ] as const) {
    router.get(
      `/classes/:classSourcedId/${path}`,
      guards.rosterCore,
      collectionHandler(options, {
        entity: user,
        parents: [{ entity: klass, param: "classSourcedId", label: "class" }],
        where: (p) => [userWithRole(role), enrolledInClass(p.classSourcedId ?? "", role)],
      }),
    );
  }
}
