import express, { type Request, type Response, type Router } from "express";
import { EXPANDS, expander } from "./expand.ts";
import type { Faults } from "./faults.ts";
import { type ListQuery, decodeToken, encodeToken, pageAfter, pageOf } from "./paging.ts";
import { type FakeState, visible } from "./state.ts";
import { COLLECTIONS, DELETED_KEY, OBJECT_TYPE, type Collection, type Entities } from "./types.ts";

export interface RouteOptions {
  /** Caps `limit` and applies when the client sends none; absent: everything in one page. */
  maxPageSize?: number;
  /** How the last page says there is no more: `pageToken: null` (default) or no pageToken at all. */
  lastPageToken: "null" | "omit";
}

type Query = Record<string, string | string[] | undefined>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Parameters that may travel beside a pageToken; everything else is a filter and is refused with it. */
const WITH_TOKEN = new Set(["pageToken", "limit", "expand", "expandReferenceNames"]);

class BadRequest extends Error {}

function list(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).flatMap((v) => v.split(",")).map((v) => v.trim()).filter(Boolean);
}

function single(query: Query, name: string): string | undefined {
  const value = query[name];
  if (Array.isArray(value)) throw new BadRequest(`${name} given more than once`);
  return value;
}

function time(query: Query, name: string): number | undefined {
  const value = single(query, name);
  if (value === undefined) return undefined;
  const ms = Date.parse(value);
  if (Number.isNaN(ms) || !/^\d{4}-\d{2}-\d{2}T/.test(value)) throw new BadRequest(`${name} must be an RFC 3339 date-time`);
  return ms;
}

function limitOf(query: Query, max: number | undefined): number | undefined {
  const value = single(query, "limit");
  if (value === undefined) return max;
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new BadRequest("limit must be an integer ≥ 1");
  return max === undefined ? Number(value) : Math.min(Number(value), max);
}

function cursorOf(query: Query, route: string) {
  const token = single(query, "pageToken");
  if (token === undefined) return undefined;
  const filters = Object.keys(query).filter((k) => !WITH_TOKEN.has(k));
  if (filters.length > 0) throw new BadRequest(`${filters.join(", ")} kan inte kombineras med pageToken`);
  const cursor = decodeToken(token);
  if (!cursor || cursor.route !== route) throw new BadRequest("invalid pageToken");
  return cursor;
}

function send(res: Response, body: unknown): void {
  if (res.locals.truncate !== true) {
    res.json(body);
    return;
  }
  const bytes = Buffer.from(JSON.stringify(body));
  res.status(200).set({ "Content-Type": "application/json; charset=utf-8", "Content-Length": String(bytes.length) });
  res.write(bytes.subarray(0, Math.floor(bytes.length / 2)), () => res.socket?.destroy());
}

function handle(fn: (req: Request, res: Response) => void) {
  return (req: Request, res: Response) => {
    try {
      fn(req, res);
    } catch (error) {
      if (!(error instanceof BadRequest)) throw error;
      res.status(400).json({ code: "BAD_REQUEST", message: error.message });
    }
  };
}

function metaMatches(query: ListQuery, meta: { created: string; modified: string }): boolean {
  const created = Date.parse(meta.created);
  const modified = Date.parse(meta.modified);
  if (query.createdAfter !== undefined && !(created > query.createdAfter)) return false;
  if (query.createdBefore !== undefined && !(created <= query.createdBefore)) return false;
  if (query.modifiedAfter !== undefined && !(modified > query.modifiedAfter)) return false;
  if (query.modifiedBefore !== undefined && !(modified <= query.modifiedBefore)) return false;
  return true;
}

/** The resource filters the fake honours, per collection: parameter → the values an object offers for it. */
const FILTERS: { [C in Collection]?: Record<string, (e: Entities[C]) => Array<string | undefined>> } = {
  organisations: {
    type: (o) => [o.organisationType],
    schoolUnitCode: (o) => [o.schoolUnitCode],
    parent: (o) => [o.parentOrganisation?.id],
    schoolTypes: (o) => o.schoolTypes ?? [],
  },
  groups: { groupType: (g) => [g.groupType], organisation: (g) => [g.organisation.id], schoolTypes: (g) => [g.schoolType] },
  duties: { organisation: (d) => [d.dutyAt.id], dutyRole: (d) => [d.dutyRole], person: (d) => [d.person.id] },
  activities: { organisation: (a) => [a.organisation.id], group: (a) => a.groups.map((g) => g.id), teacher: (a) => a.teachers.map((t) => t.duty.id) },
  placements: { organisation: (p) => [p.placedAt.id], child: (p) => [p.child.id] },
};

function filtersOf(collection: Collection, query: Query): Record<string, string[]> | undefined {
  const known = FILTERS[collection] ?? {};
  const filters: Record<string, string[]> = {};
  for (const name of Object.keys(known)) if (query[name] !== undefined) filters[name] = list(query[name]);
  return Object.keys(filters).length > 0 ? filters : undefined;
}

function filterMatches<C extends Collection>(collection: C, filters: Record<string, string[]> | undefined, entity: Entities[C]): boolean {
  if (!filters) return true;
  const known = FILTERS[collection] as Record<string, (e: Entities[C]) => Array<string | undefined>>;
  return Object.entries(filters).every(([name, values]) => known[name]!(entity).some((v) => v !== undefined && values.includes(v)));
}

/** Fills `displayName` of every object reference (an object with an id and no meta) in a response. */
function withReferenceNames(state: FakeState, body: unknown): unknown {
  const names = new Map<string, string>();
  for (const o of state.data.organisations.values()) names.set(o.id, o.displayName);
  for (const p of state.data.persons.values()) names.set(p.id, `${p.givenName} ${p.familyName}`);
  for (const g of state.data.groups.values()) names.set(g.id, g.displayName);
  for (const a of state.data.activities.values()) names.set(a.id, a.displayName);
  for (const s of state.data.syllabuses.values()) names.set(s.id, s.courseName ?? s.subjectName);
  for (const d of state.data.duties.values()) names.set(d.id, names.get(d.person.id) ?? d.dutyRole);
  const fill = (node: unknown, top: boolean): unknown => {
    if (Array.isArray(node)) return node.map((n) => fill(n, false));
    if (node === null || typeof node !== "object") return node;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) out[k] = fill(v, false);
    if (!top && typeof out.id === "string" && !("meta" in out) && names.has(out.id)) out.displayName = names.get(out.id);
    return out;
  };
  return fill(body, true);
}

function collectionRoutes(router: Router, state: FakeState, collection: Collection, options: RouteOptions): void {
  const expandOf = (query: Query) => {
    const expand = list(query.expand);
    const unknown = expand.filter((e) => !EXPANDS[collection]?.includes(e));
    if (unknown.length > 0) throw new BadRequest(`expand ${unknown.join(", ")} is not defined for ${collection}`);
    return expand;
  };

  const named = (query: Query, body: unknown) => (single(query, "expandReferenceNames") === "true" ? withReferenceNames(state, body) : body);

  router.get(
    `/${collection}`,
    handle((req, res) => {
      const q = req.query as Query;
      const limit = limitOf(q, options.maxPageSize);
      const cursor = cursorOf(q, collection);
      const query: ListQuery = cursor
        ? {
            ...cursor.query,
            ...(q.expand !== undefined ? { expand: expandOf(q) } : {}),
            ...(q.expandReferenceNames !== undefined ? { expandReferenceNames: single(q, "expandReferenceNames") === "true" } : {}),
          }
        : {
            createdAfter: time(q, "meta.created.after"),
            createdBefore: time(q, "meta.created.before"),
            modifiedAfter: time(q, "meta.modified.after"),
            modifiedBefore: time(q, "meta.modified.before"),
            expand: expandOf(q),
            filters: filtersOf(collection, q),
            expandReferenceNames: single(q, "expandReferenceNames") === "true",
          };
      const filtered = query.createdAfter !== undefined || query.createdBefore !== undefined || query.modifiedAfter !== undefined || query.modifiedBefore !== undefined || query.filters !== undefined;
      const all = visible(state, collection);
      const items = filtered ? all.filter((e) => metaMatches(query, e.meta) && filterMatches(collection, query.filters, e)) : all;
      const { page, last } = pageAfter(items, cursor?.position as string | undefined, limit);
      const expand = expander(state, collection, query.expand);
      const next = last === undefined ? undefined : encodeToken({ page: (cursor?.page ?? 1) + 1, position: last, query, route: collection });
      const body = { data: page.map(expand), ...(next !== undefined ? { pageToken: next } : options.lastPageToken === "null" ? { pageToken: null } : {}) };
      send(res, query.expandReferenceNames ? withReferenceNames(state, body) : body);
    }),
  );

  router.post(
    `/${collection}/lookup`,
    handle((req, res) => {
      const body = (req.body ?? {}) as { ids?: unknown; civicNos?: unknown };
      const ids = new Set(Array.isArray(body.ids) ? body.ids.map(String) : []);
      const civicNos = new Set(collection === "persons" && Array.isArray(body.civicNos) ? body.civicNos.map(String) : []);
      const expand = expander(state, collection, expandOf(req.query as Query));
      const found = visible(state, collection).filter(
        (e) => ids.has(e.id) || ("civicNo" in e && e.civicNo !== undefined && civicNos.has(e.civicNo.value)),
      );
      send(res, named(req.query as Query, found.map(expand)));
    }),
  );

  router.get(
    `/${collection}/:id`,
    handle((req, res) => {
      const id = String(req.params.id);
      if (!UUID.test(id)) throw new BadRequest("Felaktigt id");
      const entity = state.data[collection].get(id);
      if (!entity || state.hidden.has(id)) {
        res.status(404).end();
        return;
      }
      send(res, named(req.query as Query, expander(state, collection, expandOf(req.query as Query))(entity)));
    }),
  );
}

function deletedEntitiesRoute(router: Router, state: FakeState, options: RouteOptions): void {
  const byType = new Map(COLLECTIONS.map((c) => [OBJECT_TYPE[c], c]));
  router.get(
    "/deletedEntities",
    handle((req, res) => {
      const q = req.query as Query;
      const limit = limitOf(q, options.maxPageSize);
      const cursor = cursorOf(q, "deletedEntities");
      let query: ListQuery;
      if (cursor) query = cursor.query;
      else {
        const entities = list(q.entities);
        const unknown = entities.filter((e) => !byType.has(e));
        if (unknown.length > 0) throw new BadRequest(`unknown entities ${unknown.join(", ")}`);
        query = { after: time(q, "after"), expand: [], ...(entities.length > 0 ? { entities } : {}) };
      }
      const wanted = new Set<Collection>(query.entities ? query.entities.map((e) => byType.get(e)!) : COLLECTIONS);
      const matches = (i: number) => {
        const entry = state.deleted[i]!;
        return wanted.has(entry.collection) && (query.after === undefined || Date.parse(entry.at) > query.after);
      };
      const data: Record<string, string[]> = {};
      for (const c of wanted) data[DELETED_KEY[c]] = [];
      let i = typeof cursor?.position === "number" ? cursor.position : 0;
      let taken = 0;
      for (; i < state.deleted.length && (limit === undefined || taken < limit); i++) {
        if (!matches(i)) continue;
        const entry = state.deleted[i]!;
        data[DELETED_KEY[entry.collection]]!.push(entry.id);
        taken++;
      }
      let more = false;
      for (let j = i; j < state.deleted.length && !more; j++) more = matches(j);
      const next = more ? encodeToken({ page: (cursor?.page ?? 1) + 1, position: i, query, route: "deletedEntities" }) : undefined;
      send(res, { data, ...(next !== undefined ? { pageToken: next } : options.lastPageToken === "null" ? { pageToken: null } : {}) });
    }),
  );
}

/** The SS 12000 routes below the API base: faults first, then collections, lookups, single objects, deletions. */
export function ss12000Router(state: FakeState, faults: Faults, options: RouteOptions): Router {
  const router = express.Router();
  router.use(async (req, res, next) => {
    for (const action of faults.take(req.path, pageOf(req.query as Record<string, unknown>))) {
      if (action.kind === "delay") await new Promise((resolve) => setTimeout(resolve, action.ms));
      else if (action.kind === "truncate") res.locals.truncate = true;
      else {
        if (action.retryAfter !== undefined) res.set("Retry-After", String(action.retryAfter));
        res.status(action.status).json({ code: String(action.status), message: action.status === 429 ? "Too many requests" : "Injected fault" });
        return;
      }
    }
    next();
  });
  router.use(express.json());
  for (const collection of COLLECTIONS) collectionRoutes(router, state, collection, options);
  deletedEntitiesRoute(router, state, options);
  return router;
}
