import { once } from "node:events";
import type { Request, RequestHandler, Response } from "express";
import { sql, type Expression, type SqlBool } from "kysely";
import { readCollectionQuery, type CollectionQuery } from "../query/collection-query.ts";
import type { StatusInfo } from "../status-info.ts";
import { allOf, callerScope, filterCondition } from "./conditions.ts";
import type { EntityDefinition, JsonRecord } from "./entity.ts";
import { pageLinks } from "./page-links.ts";
import { requireParents, type ParentCheck } from "./parents.ts";
import { baseUrlOf, callerOf, type V1p1Options } from "./request-context.ts";
import { RefBuilder } from "./refs.ts";
import { project, selectionSets } from "./selection.ts";

/** Pages up to this size are read in one query; larger pages stream from a cursor so memory stays flat. */
const STREAM_ABOVE = 1000;
const STREAM_CHUNK_ROWS = 500;
const WRITE_CHUNK_CHARS = 64 * 1024;

export interface CollectionEndpoint {
  entity: EntityDefinition;
  /** Conditions of the endpoint itself (a role, a parent's id from the path). */
  where?: (params: Record<string, string>) => Expression<SqlBool>[];
  /** Records named in the path that must exist and be visible to the caller, else 404. */
  parents?: ParentCheck[];
}

function orderBy(entity: EntityDefinition, sort: CollectionQuery["sort"]) {
  const direction = sort?.direction === "desc" ? sql`desc` : sql`asc`;
  const field = sort ? entity.fields[sort.field] : undefined;
  if (!field) return sql`e.sourced_id ${direction}`;
  const column = field.type === "string" ? sql`${sql.ref(field.column)} collate "C"` : sql.ref(field.column);
  return sql`${column} ${direction}, e.sourced_id ${direction}`;
}

function envelopeTail(warnings: StatusInfo[]): string {
  return warnings.length > 0 ? `],"statusInfoSet":${JSON.stringify(warnings)}}` : "]}";
}

async function streamBody(
  res: Response,
  head: string,
  rows: AsyncIterable<unknown>,
  render: (row: unknown) => string,
  tail: string,
): Promise<void> {
  res.status(200).type("json");
  let buffer = head;
  let first = true;
  const flush = async () => {
    if (!res.write(buffer)) await once(res, "drain");
    buffer = "";
  };
  for await (const row of rows) {
    if (res.destroyed) return;
    buffer += (first ? "" : ",") + render(row);
    first = false;
    if (buffer.length >= WRITE_CHUNK_CHARS) await flush();
  }
  res.end(buffer + tail);
}

/** GET of a collection: paging, sort, filter, fields, X-Total-Count and Link headers, the plural envelope. */
export function collectionHandler(options: V1p1Options, endpoint: CollectionEndpoint): RequestHandler {
  const { entity } = endpoint;
  const { selectable, sortable } = selectionSets(entity);
  return async (req: Request, res: Response) => {
    const client = callerOf(res);
    const params = req.params as Record<string, string>;
    const query = readCollectionQuery(req.query as Record<string, unknown>, selectable, options.maxLimit, sortable);
    const conditions = [...callerScope(entity, client), ...(endpoint.where?.(params) ?? [])];
    if (query.filter) conditions.push(filterCondition(entity, query.filter));
    await requireParents(options.db, client, params, endpoint.parents ?? []);

    const where = allOf(conditions);
    const counted = await entity.query(options.db).clearSelect().select(sql<string>`count(*)`.as("total")).where(where).executeTakeFirstOrThrow();
    const total = Number(counted.total);
    const baseUrl = baseUrlOf(req);
    res.setHeader("X-Total-Count", String(total));
    res.setHeader("Link", pageLinks(req, baseUrl, query.limit, query.offset, total));

    const refs = new RefBuilder(baseUrl);
    const render = (row: unknown) => JSON.stringify(project(entity.toJson(row, refs), query.fields));
    const page = entity.query(options.db).where(where).orderBy(orderBy(entity, query.sort)).limit(query.limit).offset(query.offset);
    const head = `{"${entity.collectionKey}":[`;
    const tail = envelopeTail(query.warnings);
    if (query.limit <= STREAM_ABOVE || query.offset >= total) {
      const rows = query.offset >= total ? [] : await page.execute();
      res.status(200).type("json").send(head + rows.map(render).join(",") + tail);
      return;
    }
    await streamBody(res, head, page.stream(STREAM_CHUNK_ROWS), render, tail);
  };
}

export type { JsonRecord };
