import { once } from "node:events";
import type { Request, RequestHandler, Response } from "express";
import { sql, type Expression, type SqlBool } from "kysely";
import { readCollectionQuery, type CollectionQuery } from "../query/collection-query.ts";
import type { StatusInfo } from "../status-info.ts";
import { allOf, callerScope, filterCondition } from "./conditions.ts";
import { fromEntity, memoKey, pageQuery, type EntityDefinition, type JsonRecord } from "./entity.ts";
import { pageLinks } from "./page-links.ts";
import { requireParents, type ParentCheck } from "./parents.ts";
import { baseUrlOf, callerOf, type V1p1Options } from "./request-context.ts";
import { RefBuilder } from "./refs.ts";
import { dataScopeOf, sendCached, ticketOf } from "./response-cache.ts";
import { project, selectionSets } from "./selection.ts";

/** Pages up to this size are read in one query; larger pages stream from a cursor so memory stays flat. */
const STREAM_ABOVE = 1000;
const STREAM_CHUNK_ROWS = 500;
const WRITE_CHUNK_CHARS = 64 * 1024;
/** Deep pages start from the remembered sourcedId at every this many records (see pageStart). */
const ANCHOR_EVERY = 1000;

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

/** X-Total-Count: remembered by the response cache until the tenant's data changes (a count of a large table takes milliseconds). */
async function countOf(options: V1p1Options, entity: EntityDefinition, tenant: string, where: Expression<SqlBool>): Promise<number> {
  const query = fromEntity(options.db, entity).select(sql<string>`count(*)`.as("total")).where(where);
  const run = async () => Number((await query.executeTakeFirstOrThrow()).total);
  return options.responseCache ? options.responseCache.count(tenant, dataScopeOf(entity.type), memoKey(query), run) : run();
}

/**
 * Where a page starts. OFFSET reads every record it skips, so a deep page in the default order (sourcedId) starts
 * after the remembered sourcedId of the last whole ANCHOR_EVERY records before it, and skips only the rest.
 */
async function pageStart(options: V1p1Options, entity: EntityDefinition, tenant: string, where: Expression<SqlBool>, query: CollectionQuery) {
  const blocks = Math.floor(query.offset / ANCHOR_EVERY);
  const cache = options.responseCache;
  if (!cache || query.sort !== null || blocks === 0) return { where, offset: query.offset };
  const numbered = fromEntity(options.db, entity)
    .select(["e.sourced_id", sql<number>`row_number() over (order by e.sourced_id)`.as("n")])
    .where(where);
  const anchorQuery = options.db.selectFrom(numbered.as("a")).select("a.sourced_id").where(sql<SqlBool>`a.n % ${ANCHOR_EVERY} = 0`).orderBy("a.n");
  const anchors = await cache.anchors(tenant, dataScopeOf(entity.type), memoKey(anchorQuery), async () => (await anchorQuery.execute()).map((row) => row.sourced_id as string));
  const anchor = anchors[blocks - 1];
  if (anchor === undefined) return { where, offset: query.offset };
  return { where: allOf([where, sql<SqlBool>`e.sourced_id > ${anchor}`]), offset: query.offset - blocks * ANCHOR_EVERY };
}

/** GET of a collection: paging, sort, filter, fields, X-Total-Count and Link headers, the plural envelope. */
export function collectionHandler(options: V1p1Options, endpoint: CollectionEndpoint): RequestHandler {
  const { entity } = endpoint;
  const { selectable, sortable } = selectionSets(entity);
  const cache = options.responseCache;
  return async (req: Request, res: Response) => {
    const client = callerOf(res);
    const ticket = ticketOf(cache, req, res);
    if (ticket?.hit) return sendCached(res, ticket.hit);
    const params = req.params as Record<string, string>;
    const query = readCollectionQuery(req.query as Record<string, unknown>, selectable, options.maxLimit, sortable);
    const conditions = [...callerScope(entity, client), ...(endpoint.where?.(params) ?? [])];
    if (query.filter) conditions.push(filterCondition(entity, query.filter));
    await requireParents(options.db, client, params, endpoint.parents ?? [], cache);

    const where = allOf(conditions);
    const total = await countOf(options, entity, client.tenantId, where);
    const baseUrl = baseUrlOf(req);
    res.setHeader("X-Total-Count", String(total));
    res.setHeader("Link", pageLinks(req, baseUrl, query.limit, query.offset, total));

    const refs = new RefBuilder(baseUrl);
    const render = (row: unknown) => JSON.stringify(project(entity.toJson(row, refs), query.fields));
    const start = query.offset >= total ? { where, offset: query.offset } : await pageStart(options, entity, client.tenantId, where, query);
    const page = pageQuery(options.db, entity, { where: start.where, order: orderBy(entity, query.sort), limit: query.limit, offset: start.offset });
    const head = `{"${entity.collectionKey}":[`;
    const tail = envelopeTail(query.warnings);
    if (query.limit <= STREAM_ABOVE || query.offset >= total) {
      const rows = query.offset >= total ? [] : await page.execute();
      const body = head + rows.map(render).join(",") + tail;
      res.status(200).type("json").send(body);
      if (ticket && rows.length <= (cache?.maxRecords ?? 0)) cache?.store(ticket, res, body);
      return;
    }
    await streamBody(res, head, page.stream(STREAM_CHUNK_ROWS), render, tail);
  };
}

export type { JsonRecord };
