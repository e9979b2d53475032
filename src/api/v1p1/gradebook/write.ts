import type { Request, RequestHandler, Response } from "express";
import { sql, type Expression, type Kysely, type SqlBool, type Transaction } from "kysely";
import type { z } from "zod";
import type { Database } from "../../../../db/schema.ts";
import type { ApiClient } from "../../auth/api-client.ts";
import { ApiError } from "../../status-info.ts";
import { allOf, callerScope } from "../conditions.ts";
import { fromEntity, type EntityDefinition } from "../entity.ts";
import { callerOf, refsFor, type V1p1Options } from "../request-context.ts";

/** Rows the gradebook API creates belong to this source of the tenant; imports of other sources never touch them. */
export const GRADEBOOK_API_SOURCE = "gradebook-api";

type Db = Kysely<Database> | Transaction<Database>;

/** The insert of an upsert created the row (Postgres: a fresh row version has no xmax). */
export const INSERTED = sql<boolean>`xmax = 0`.as("inserted");

/** Whether the caller can see the record (tenant and school limits), the way a GET would. */
export async function visibleTo(
  db: Db,
  entity: EntityDefinition,
  client: ApiClient,
  sourcedId: string,
  where: Expression<SqlBool>[] = [],
): Promise<boolean> {
  const conditions = [...callerScope(entity, client), sql<SqlBool>`e.sourced_id = ${sourcedId}`, ...where];
  const row = await fromEntity(db, entity).select(sql<number>`1`.as("found")).where(allOf(conditions)).executeTakeFirst();
  return row !== undefined;
}

/** A reference in a PUT body must name a record the caller can see, else 400 naming the field. */
export async function requireReference(
  db: Db,
  reference: { entity: EntityDefinition; label?: string; where?: Expression<SqlBool>[] },
  client: ApiClient,
  field: string,
  sourcedId: string,
): Promise<void> {
  if (!(await visibleTo(db, reference.entity, client, sourcedId, reference.where))) {
    throw new ApiError(400, "invaliddata", `${field}: no ${reference.label ?? reference.entity.type} with sourcedId '${sourcedId}'`);
  }
}

export async function ensureGradebookSource(db: Db, tenantId: string): Promise<void> {
  await db
    .insertInto("sources")
    .values({ tenant_id: tenantId, id: GRADEBOOK_API_SOURCE, kind: "api", name: "OneRoster gradebook API" })
    .onConflict((oc) => oc.columns(["tenant_id", "id"]).doNothing())
    .execute();
}

export interface PutEndpoint<Body extends z.ZodType> {
  entity: EntityDefinition;
  schema: Body;
  /** Checks references and writes the row; resolves true when it was created, false when replaced. */
  write(tx: Transaction<Database>, client: ApiClient, sourcedId: string, body: z.output<Body>): Promise<boolean>;
}

function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join(".") || "body"}: ${issue.message}`).join("; ");
}

/** PUT /{collection}/{id}: create or replace in one transaction; 201 or 200 with the record as a GET shows it. */
export function putHandler<Body extends z.ZodType>(options: V1p1Options, endpoint: PutEndpoint<Body>): RequestHandler {
  const { entity } = endpoint;
  return async (req: Request, res: Response) => {
    const client = callerOf(res);
    const id = String(req.params.sourcedId);
    const parsed = endpoint.schema.safeParse(req.body);
    if (!parsed.success) throw new ApiError(400, "invaliddata", describeIssues(parsed.error));
    const record = (parsed.data as Record<string, { sourcedId?: string }>)[entity.recordKey];
    if (record?.sourcedId !== undefined && record.sourcedId !== id) {
      throw new ApiError(400, "invaliddata", `${entity.recordKey}.sourcedId '${record.sourcedId}' differs from the sourcedId '${id}' in the path`);
    }
    const created = await options.db.transaction().execute(async (tx) => {
      const exists = await tx
        .selectFrom(tableOf(entity))
        .select("sourced_id")
        .where("tenant_id", "=", client.tenantId)
        .where("sourced_id", "=", id)
        .executeTakeFirst();
      // A record of a school the client may not see is as unknown to it as one that does not exist, and is not overwritten.
      if (exists && !(await visibleTo(tx, entity, client, id))) throw new ApiError(404, "unknownobject", `${entity.type} '${id}' was not found`);
      await ensureGradebookSource(tx, client.tenantId);
      return endpoint.write(tx, client, id, parsed.data);
    });
    // At once, not when the change feed reports it: a client that reads right after its write must see the write.
    options.responseCache?.invalidateTenant(client.tenantId, "gradebook");
    const row = await entity
      .query(options.db)
      .where(allOf([sql<SqlBool>`e.tenant_id = ${client.tenantId}`, sql<SqlBool>`e.sourced_id = ${id}`]))
      .executeTakeFirstOrThrow();
    res.status(created ? 201 : 200).json({ [entity.recordKey]: entity.toJson(row, refsFor(req)) });
  };
}

const TABLES: Readonly<Record<string, "categories" | "line_items" | "results">> = {
  category: "categories",
  lineItem: "line_items",
  result: "results",
};

export function tableOf(entity: EntityDefinition): "categories" | "line_items" | "results" {
  const table = TABLES[entity.type];
  if (!table) throw new Error(`${entity.type} is not a gradebook entity`);
  return table;
}

/**
 * DELETE /{collection}/{id}: the record becomes tobedeleted (removal is a state that delta consumers must see), 204.
 * Deleting a record that is already tobedeleted is the same success.
 */
export function deleteHandler(options: V1p1Options, entity: EntityDefinition): RequestHandler {
  return async (req: Request, res: Response) => {
    const client = callerOf(res);
    const id = String(req.params.sourcedId);
    if (!(await visibleTo(options.db, entity, client, id))) throw new ApiError(404, "unknownobject", `${entity.type} '${id}' was not found`);
    await options.db
      .updateTable(tableOf(entity))
      .set({ status: "tobedeleted" })
      .where("tenant_id", "=", client.tenantId)
      .where("sourced_id", "=", id)
      .execute();
    options.responseCache?.invalidateTenant(client.tenantId, "gradebook");
    res.status(204).end();
  };
}
