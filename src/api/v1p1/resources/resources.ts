import type { Router } from "express";
import { sql, type SqlBool } from "kysely";
import { collectionHandler } from "../collection.ts";
import { klass } from "../entities/class.ts";
import { course } from "../entities/course.ts";
import { resource } from "../entities/resource.ts";
import type { Guards } from "../guards.ts";
import { recordHandler } from "../record.ts";
import type { V1p1Options } from "../request-context.ts";

/** Resources (e) linked to the class or course by an active class/course resource. */
const resourceOf = (table: "class_resources" | "course_resources", column: "class_sourced_id" | "course_sourced_id", id: string) =>
  sql<SqlBool>`exists (select 1 from ${sql.table(table)} l where l.tenant_id = e.tenant_id and l.resource_sourced_id = e.sourced_id
    and ${sql.ref(`l.${column}`)} = ${id} and l.status = 'active')`;

export function resourceRoutes(router: Router, options: V1p1Options, guards: Guards): void {
  router.get("/resources", guards.resources, collectionHandler(options, { entity: resource }));
  router.get("/resources/:sourcedId", guards.resources, recordHandler(options, { entity: resource, label: "resource" }));
  router.get(
    "/classes/:classSourcedId/resources",
    guards.resources,
    collectionHandler(options, {
      entity: resource,
      parents: [{ entity: klass, param: "classSourcedId", label: "class" }],
      where: (p) => [resourceOf("class_resources", "class_sourced_id", p.classSourcedId ?? "")],
    }),
  );
  router.get(
    "/courses/:courseSourcedId/resources",
    guards.resources,
    collectionHandler(options, {
      entity: resource,
      parents: [{ entity: course, param: "courseSourcedId", label: "course" }],
      where: (p) => [resourceOf("course_resources", "course_sourced_id", p.courseSourcedId ?? "")],
    }),
  );
}
