import type { Router } from "express";
import { sql, type SqlBool } from "kysely";
import { collectionHandler } from "../collection.ts";
import { klass } from "../entities/class.ts";
import { lineItem } from "../entities/line-item.ts";
import { result } from "../entities/result.ts";
import { user } from "../entities/user.ts";
import { columnIs, userWithRole } from "../endpoint-conditions.ts";
import type { Guards } from "../guards.ts";
import type { ParentCheck } from "../parents.ts";
import { recordHandler } from "../record.ts";
import type { V1p1Options } from "../request-context.ts";
import { resultInput } from "./inputs.ts";
import { deleteHandler, GRADEBOOK_API_SOURCE, INSERTED, putHandler, requireReference } from "./write.ts";

const CLASS: ParentCheck = { entity: klass, param: "classSourcedId", label: "class" };

/** Results (e) of a line item of the class. */
const resultOfClass = (classId: string) =>
  sql<SqlBool>`exists (select 1 from line_items li where li.tenant_id = e.tenant_id and li.sourced_id = e.line_item_sourced_id and li.class_sourced_id = ${classId})`;

export function resultRoutes(router: Router, options: V1p1Options, guards: Guards): void {
  const read = guards.gradebookRead;
  router.get("/results", read, collectionHandler(options, { entity: result }));
  router.get("/results/:sourcedId", read, recordHandler(options, { entity: result, label: "result" }));
  router.get(
    "/classes/:classSourcedId/results",
    read,
    collectionHandler(options, { entity: result, parents: [CLASS], where: (p) => [resultOfClass(p.classSourcedId ?? "")] }),
  );
  router.get(
    "/classes/:classSourcedId/lineItems/:lineItemSourcedId/results",
    read,
    collectionHandler(options, {
      entity: result,
      parents: [
        CLASS,
        { entity: lineItem, param: "lineItemSourcedId", label: "lineItem", where: (p) => [columnIs("e.class_sourced_id", p.classSourcedId ?? "")] },
      ],
      where: (p) => [columnIs("e.line_item_sourced_id", p.lineItemSourcedId ?? "")],
    }),
  );
  router.get(
    "/classes/:classSourcedId/students/:studentSourcedId/results",
    read,
    collectionHandler(options, {
      entity: result,
      parents: [CLASS, { entity: user, param: "studentSourcedId", label: "student", where: () => [userWithRole("student")] }],
      where: (p) => [resultOfClass(p.classSourcedId ?? ""), columnIs("e.student_sourced_id", p.studentSourcedId ?? "")],
    }),
  );
  router.put(
    "/results/:sourcedId",
    guards.gradebookWrite,
    putHandler(options, {
      entity: result,
      schema: resultInput,
      async write(tx, client, sourcedId, { result: input }) {
        await requireReference(tx, { entity: lineItem }, client, "result.lineItem.sourcedId", input.lineItem.sourcedId);
        await requireReference(tx, { entity: user, label: "student", where: [userWithRole("student")] }, client, "result.student.sourcedId", input.student.sourcedId);
        const values = {
          line_item_sourced_id: input.lineItem.sourcedId,
          student_sourced_id: input.student.sourcedId,
          score_status: input.scoreStatus,
          score: input.score,
          score_date: input.scoreDate,
          comment: input.comment ?? null,
          status: input.status ?? "active",
          metadata: (input.metadata ?? null) as never,
        } as const;
        const row = await tx
          .insertInto("results")
          .values({ tenant_id: client.tenantId, sourced_id: sourcedId, source_id: GRADEBOOK_API_SOURCE, ...values })
          .onConflict((oc) => oc.columns(["tenant_id", "sourced_id"]).doUpdateSet(values))
          .returning(INSERTED)
          .executeTakeFirstOrThrow();
        return row.inserted;
      },
    }),
  );
  router.delete("/results/:sourcedId", guards.gradebookDelete, deleteHandler(options, result));
}
