import type { Router } from "express";
import { collectionHandler } from "../collection.ts";
import { academicSession } from "../entities/academic-session.ts";
import { category } from "../entities/category.ts";
import { klass } from "../entities/class.ts";
import { lineItem } from "../entities/line-item.ts";
import { columnIs } from "../endpoint-conditions.ts";
import type { Guards } from "../guards.ts";
import { recordHandler } from "../record.ts";
import type { V1p1Options } from "../request-context.ts";
import { lineItemInput } from "./inputs.ts";
import { deleteHandler, GRADEBOOK_API_SOURCE, INSERTED, putHandler, requireReference } from "./write.ts";

export function lineItemRoutes(router: Router, options: V1p1Options, guards: Guards): void {
  router.get("/lineItems", guards.gradebookRead, collectionHandler(options, { entity: lineItem }));
  router.get("/lineItems/:sourcedId", guards.gradebookRead, recordHandler(options, { entity: lineItem, label: "lineItem" }));
  router.get(
    "/classes/:classSourcedId/lineItems",
    guards.gradebookRead,
    collectionHandler(options, {
      entity: lineItem,
      parents: [{ entity: klass, param: "classSourcedId", label: "class" }],
      where: (p) => [columnIs("e.class_sourced_id", p.classSourcedId ?? "")],
    }),
  );
  router.put(
    "/lineItems/:sourcedId",
    guards.gradebookWrite,
    putHandler(options, {
      entity: lineItem,
      schema: lineItemInput,
      async write(tx, client, sourcedId, { lineItem: input }) {
        await requireReference(tx, { entity: klass }, client, "lineItem.class.sourcedId", input.class.sourcedId);
        await requireReference(tx, { entity: category }, client, "lineItem.category.sourcedId", input.category.sourcedId);
        await requireReference(tx, { entity: academicSession }, client, "lineItem.gradingPeriod.sourcedId", input.gradingPeriod.sourcedId);
        const values = {
          title: input.title,
          description: input.description ?? null,
          assign_date: input.assignDate,
          due_date: input.dueDate,
          class_sourced_id: input.class.sourcedId,
          category_sourced_id: input.category.sourcedId,
          grading_period_sourced_id: input.gradingPeriod.sourcedId,
          result_value_min: input.resultValueMin,
          result_value_max: input.resultValueMax,
          status: input.status ?? "active",
          metadata: (input.metadata ?? null) as never,
        } as const;
        const row = await tx
          .insertInto("line_items")
          .values({ tenant_id: client.tenantId, sourced_id: sourcedId, source_id: GRADEBOOK_API_SOURCE, ...values })
          .onConflict((oc) => oc.columns(["tenant_id", "sourced_id"]).doUpdateSet(values))
          .returning(INSERTED)
          .executeTakeFirstOrThrow();
        return row.inserted;
      },
    }),
  );
  router.delete("/lineItems/:sourcedId", guards.gradebookDelete, deleteHandler(options, lineItem));
}
