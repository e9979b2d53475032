import type { Request, RequestHandler, Response } from "express";
import { sql, type Expression, type SqlBool } from "kysely";
import { readFieldSelection } from "../query/collection-query.ts";
import { ApiError, type StatusInfo } from "../status-info.ts";
import { allOf, callerScope } from "./conditions.ts";
import type { EntityDefinition } from "./entity.ts";
import { callerOf, refsFor, type V1p1Options } from "./request-context.ts";
import { sendCached, ticketOf } from "./response-cache.ts";
import { project, selectionSets } from "./selection.ts";

export interface RecordEndpoint {
  entity: EntityDefinition;
  /** How a message names the record, e.g. "student". */
  label: string;
  /** Conditions of the endpoint (e.g. /students/{id} is a user with role student). */
  where?: Expression<SqlBool>[];
}

/** GET of one record by sourcedId in the singular envelope; 404 unknownobject when the caller cannot see it. */
export function recordHandler(options: V1p1Options, endpoint: RecordEndpoint): RequestHandler {
  const { entity } = endpoint;
  const { selectable } = selectionSets(entity);
  const cache = options.responseCache;
  return async (req: Request, res: Response) => {
    const client = callerOf(res);
    const ticket = ticketOf(cache, req, res);
    if (ticket?.hit) return sendCached(res, ticket.hit);
    const id = String(req.params.sourcedId);
    const warnings: StatusInfo[] = [];
    const fields = readFieldSelection(req.query as Record<string, unknown>, selectable, warnings);
    const conditions = [...callerScope(entity, client), sql<SqlBool>`e.sourced_id = ${id}`, ...(endpoint.where ?? [])];
    const row = await entity.query(options.db).where(allOf(conditions)).executeTakeFirst();
    if (!row) throw new ApiError(404, "unknownobject", `${endpoint.label} '${id}' was not found`);
    const body: Record<string, unknown> = { [entity.recordKey]: project(entity.toJson(row, refsFor(req)), fields) };
    if (warnings.length > 0) body.statusInfoSet = warnings;
    const text = JSON.stringify(body);
    res.status(200).type("json").send(text);
    if (ticket) cache?.store(ticket, res, text);
  };
}
