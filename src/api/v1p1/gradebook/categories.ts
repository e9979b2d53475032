import type { Router } from "express";
import { collectionHandler } from "../collection.ts";
import { category } from "../entities/category.ts";
import type { Guards } from "../guards.ts";
import { recordHandler } from "../record.ts";
import type { V1p1Options } from "../request-context.ts";
import { categoryInput } from "./inputs.ts";
import { deleteHandler, GRADEBOOK_API_SOURCE, INSERTED, putHandler } from "./write.ts";

export function categoryRoutes(router: Router, options: V1p1Options, guards: Guards): void {
  router.get("/categories", guards.gradebookRead, collectionHandler(options, { entity: category }));
  router.get("/categories/:sourcedId", guards.gradebookRead, recordHandler(options, { entity: category, label: "category" }));
  router.put(
    "/categories/:sourcedId",
    guards.gradebookWrite,
    putHandler(options, {
      entity: category,
      schema: categoryInput,
      async write(tx, client, sourcedId, { category: input }) {
        const values = { title: input.title, status: input.status ?? "active", metadata: (input.metadata ?? null) as never };
        const row = await tx
          .insertInto("categories")
          .values({ tenant_id: client.tenantId, sourced_id: sourcedId, source_id: GRADEBOOK_API_SOURCE, ...values })
          .onConflict((oc) => oc.columns(["tenant_id", "sourced_id"]).doUpdateSet(values))
          .returning(INSERTED)
          .executeTakeFirstOrThrow();
        return row.inserted;
      },
    }),
  );
  router.delete("/categories/:sourcedId", guards.gradebookDelete, deleteHandler(options, category));
}
