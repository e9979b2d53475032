import type { Router } from "express";
import { collectionHandler } from "../collection.ts";
import { klass } from "../entities/class.ts";
import { user } from "../entities/user.ts";
import { classOfUser, userWithRole } from "../endpoint-conditions.ts";
import type { Guards } from "../guards.ts";
import { recordHandler } from "../record.ts";
import type { V1p1Options } from "../request-context.ts";

/** /users and its typed subsets /students and /teachers, each with the classes of one user. */
export function userRoutes(router: Router, options: V1p1Options, guards: Guards): void {
  const core = guards.rosterCore;
  router.get("/users", core, collectionHandler(options, { entity: user }));
  router.get("/users/:sourcedId", core, recordHandler(options, { entity: user, label: "user" }));
  router.get(
    "/users/:userSourcedId/classes",
    core,
    collectionHandler(options, {
      entity: klass,
      parents: [{ entity: user, param: "userSourcedId", label: "user" }],
      where: (p) => [classOfUser(p.userSourcedId ?? "")],
    }),
  );
  for (const [path, role, param] of [
    ["students", "student", "studentSourcedId"],
    ["teachers", "teacher", "teacherSourcedId"],
  ] as const) {
    router.get(`/${path}`, core, collectionHandler(options, { entity: user, where: () => [userWithRole(role)] }));
    router.get(`/${path}/:sourcedId`, core, recordHandler(options, { entity: user, label: role, where: [userWithRole(role)] }));
    router.get(
      `/${path}/:${param}/classes`,
      core,
      collectionHandler(options, {
        entity: klass,
        parents: [{ entity: user, param, label: role, where: () => [userWithRole(role)] }],
        where: (p) => [classOfUser(p[param] ?? "")],
      }),
    );
  }
}
