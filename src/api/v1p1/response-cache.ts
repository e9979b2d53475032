import type { Request, RequestHandler, Response } from "express";
import type { Logger } from "pino";
import type { Change, ChangeFeed } from "../../../db/change-feed.ts";
import type { ApiClient } from "../auth/api-client.ts";
import { callerOf } from "./request-context.ts";
import { TenantMemo } from "./tenant-memo.ts";
import { withoutCredentials } from "./without-credentials.ts";

export interface ResponseCacheOptions {
  /**
   * Bound of the stored bodies, headers and keys together; least recently used entries go first. Default 64 MB.
   * 0 stores no answers, only the small derived values (counts, page anchors, parent checks).
   */
  maxBytes?: number;
  /** Collection pages with more records than this are not stored. Default 1000 (larger pages are streamed anyway). */
  maxRecords?: number;
  /** Counts of X-Total-Count, and answers of whether a record named in a path exists, kept. Default 10 000 each. */
  maxCounts?: number;
  /**
   * Reports changes made by anyone (importers, other replicas). Without it only this process's gradebook writes
   * invalidate, so a server whose database others write to must pass one.
   */
  changeFeed?: ChangeFeed;
  logger?: Logger;
}

/**
 * What a cached value reads: "roster" = only roster and resource tables; "gradebook" = gradebook tables (and roster
 * ones). Gradebook writes are frequent (grades entered all day) and change no roster answer, so they drop only
 * gradebook values; any other change drops everything of the tenant.
 */
export type DataScope = "roster" | "gradebook";

const GRADEBOOK_TABLES: ReadonlySet<string> = new Set(["categories", "line_items", "results"]);
const GRADEBOOK_TYPES: ReadonlySet<string> = new Set(["category", "lineItem", "result"]);
const GRADEBOOK_SEGMENTS: ReadonlySet<string> = new Set(["categories", "lineItems", "results"]);

/** The scope of values read through an entity (its table, plus the conditions of its endpoints). */
export function dataScopeOf(entityType: string): DataScope {
  return GRADEBOOK_TYPES.has(entityType) ? "gradebook" : "roster";
}

/** A path naming a gradebook collection anywhere reads gradebook tables (a sourcedId named so only over-invalidates). */
function dataScopeOfPath(path: string): DataScope {
  for (const segment of path.split("?", 1)[0]!.split("/")) if (GRADEBOOK_SEGMENTS.has(segment)) return "gradebook";
  return "roster";
}

/** The generations when a read began: a change since then means what it read may predate the change. */
interface Stamp {
  tenant: string;
  scope: DataScope;
  epoch: number;
  roster: number;
  gradebook: number;
}

interface Entry {
  tenant: string;
  scope: DataScope;
  status: number;
  body: Buffer;
  headers: Array<[string, string]>;
  bytes: number;
}

/** A GET that may be answered from the cache, or stored in it once answered. */
export interface CacheTicket extends Stamp {
  key: string;
  hit?: Entry;
}

export interface ResponseCacheStats {
  entries: number;
  bytes: number;
  /** Counts and sets of page anchors remembered. */
  counts: number;
  anchorSets: number;
  hits: number;
  misses: number;
  stores: number;
  evictions: number;
  invalidations: number;
}

const STORED_HEADERS = ["content-type", "x-total-count", "link", "etag"] as const;
/** Map entry, key and header bookkeeping beyond the bytes themselves. */
const ENTRY_OVERHEAD = 256;
const MB = 1024 * 1024;

/**
 * Whole answers of collection and record GETs, per tenant. A key holds everything an answer depends on besides the
 * data: the tenant, the caller's school limit and scopes, the method, the protocol and host (hrefs and Link carry
 * them) and the path and query. A change of a tenant's data drops its entries (see DataScope); a request that began
 * before a change is not stored, so an answer read before a change never outlives it. Counts of X-Total-Count, the
 * anchors of deep pages and whether a record named in a path exists are kept the same way.
 */
export class ResponseCache {
  readonly maxBytes: number;
  readonly maxRecords: number;
  readonly #entries = new Map<string, Entry>();
  readonly #counts: TenantMemo<number>;
  readonly #anchors = new TenantMemo<string[]>(1000);
  readonly #found: TenantMemo<boolean>;
  readonly #generations = new Map<string, { roster: number; gradebook: number }>();
  /** Moves on a change of anything, and is part of every tenant's generation. */
  #epoch = 0;
  #bytes = 0;
  readonly #stats = { hits: 0, misses: 0, stores: 0, evictions: 0, invalidations: 0 };
  readonly #feed: ChangeFeed | undefined;
  readonly #unsubscribe: (() => void) | undefined;

  constructor(options: ResponseCacheOptions = {}) {
    this.maxBytes = options.maxBytes ?? 64 * MB;
    this.maxRecords = options.maxRecords ?? 1000;
    this.#counts = new TenantMemo(options.maxCounts ?? 10_000);
    this.#found = new TenantMemo(options.maxCounts ?? 10_000);
    this.#feed = options.changeFeed;
    this.#unsubscribe = options.changeFeed?.subscribe((change: Change) => {
      if (change.tenant === null) this.invalidateAll();
      else this.invalidateTenant(change.tenant, change.table !== null && GRADEBOOK_TABLES.has(change.table) ? "gradebook" : "roster");
    });
    if (!options.changeFeed) options.logger?.warn("response cache without a change feed: only this process's own writes invalidate it");
  }

  /** The ticket of a GET (a hit when the answer is stored), or undefined when the cache cannot be trusted now. */
  lookup(req: Request, client: ApiClient): CacheTicket | undefined {
    if (this.maxBytes === 0 || (this.#feed && !this.#feed.live)) return undefined;
    const schools = client.schoolSourcedIds === null ? "*" : JSON.stringify([...client.schoolSourcedIds].sort());
    const scopes = [...client.scopes].sort().join(" ");
    const key = [client.tenantId, schools, scopes, req.method, req.protocol, req.host ?? "", withoutCredentials(req.originalUrl)].join("\u0000");
    const ticket: CacheTicket = { key, ...this.#stamp(client.tenantId, dataScopeOfPath(req.originalUrl)) };
    const entry = this.#entries.get(key);
    if (entry) {
      this.#entries.delete(key);
      this.#entries.set(key, entry);
      this.#stats.hits++;
      ticket.hit = entry;
    } else {
      this.#stats.misses++;
    }
    return ticket;
  }

  /**
   * Keeps the 200 just sent, unless the tenant's data changed since the ticket was taken. (When If-None-Match made it
   * a 304, Express has already dropped its content headers, so it is not kept.)
   */
  store(ticket: CacheTicket, res: Response, body: string): void {
    if (res.statusCode !== 200 || !this.#unchangedSince(ticket)) return;
    const headers: Array<[string, string]> = [];
    for (const name of STORED_HEADERS) {
      const value = res.getHeader(name);
      if (value !== undefined) headers.push([name, String(value)]);
    }
    const buffer = Buffer.from(body, "utf8");
    const bytes = buffer.length + ticket.key.length * 2 + headers.reduce((n, [k, v]) => n + k.length + v.length, 0) + ENTRY_OVERHEAD;
    if (bytes > this.maxBytes) return;
    this.#remove(ticket.key);
    this.#entries.set(ticket.key, { tenant: ticket.tenant, scope: ticket.scope, status: res.statusCode, body: buffer, headers, bytes });
    this.#bytes += bytes;
    this.#stats.stores++;
    for (const [key] of this.#entries) {
      if (this.#bytes <= this.maxBytes) break;
      this.#remove(key);
      this.#stats.evictions++;
    }
  }

  /** A collection's X-Total-Count for the same conditions, kept until the tenant's data changes. */
  count(tenant: string, scope: DataScope, key: string, compute: () => Promise<number>): Promise<number> {
    return this.#remember(this.#counts, this.#stamp(tenant, scope), key, compute);
  }

  /** The sourcedIds at every n-th position of a collection in its default order (see collection.ts). */
  anchors(tenant: string, scope: DataScope, key: string, compute: () => Promise<string[]>): Promise<string[]> {
    return this.#remember(this.#anchors, this.#stamp(tenant, scope), key, compute);
  }

  /** Whether a record named in a path (the class of /classes/{id}/students) exists for the caller. */
  exists(tenant: string, scope: DataScope, key: string, compute: () => Promise<boolean>): Promise<boolean> {
    return this.#remember(this.#found, this.#stamp(tenant, scope), key, compute);
  }

  async #remember<T>(memo: TenantMemo<T>, stamp: Stamp, key: string, compute: () => Promise<T>): Promise<T> {
    if (this.#feed && !this.#feed.live) return compute();
    const stored = memo.get(key);
    if (stored !== undefined) return stored;
    const pending = memo.pending(key);
    if (pending) return pending;
    const promise = compute();
    memo.track(stamp.tenant, stamp.scope, key, promise);
    const value = await promise;
    if (this.#unchangedSince(stamp)) memo.set(stamp.tenant, stamp.scope, key, value);
    return value;
  }

  /** Drops what a change of the tenant's data may have made stale: everything, or only what reads gradebook tables. */
  invalidateTenant(tenant: string, changed: DataScope = "roster"): void {
    const generations = { ...this.#generationsOf(tenant) };
    generations[changed]++;
    this.#generations.set(tenant, generations);
    this.#stats.invalidations++;
    for (const [key, entry] of this.#entries) if (entry.tenant === tenant && (changed === "roster" || entry.scope === "gradebook")) this.#remove(key);
    for (const memo of [this.#counts, this.#anchors, this.#found]) memo.drop(tenant, changed);
  }

  invalidateAll(): void {
    this.#epoch++;
    this.#stats.invalidations++;
    this.#entries.clear();
    for (const memo of [this.#counts, this.#anchors, this.#found]) memo.clear();
    this.#bytes = 0;
  }

  stats(): ResponseCacheStats {
    return { entries: this.#entries.size, bytes: this.#bytes, counts: this.#counts.size, anchorSets: this.#anchors.size, ...this.#stats };
  }

  close(): void {
    this.#unsubscribe?.();
    this.invalidateAll();
  }

  #generationsOf(tenant: string): { roster: number; gradebook: number } {
    return this.#generations.get(tenant) ?? { roster: 0, gradebook: 0 };
  }

  #stamp(tenant: string, scope: DataScope): Stamp {
    return { tenant, scope, epoch: this.#epoch, ...this.#generationsOf(tenant) };
  }

  /** A roster change stales everything; a gradebook change only what reads gradebook tables. */
  #unchangedSince(then: Stamp): boolean {
    const now = this.#generationsOf(then.tenant);
    return (
      then.epoch === this.#epoch &&
      then.roster === now.roster &&
      (then.scope === "roster" || then.gradebook === now.gradebook) &&
      (!this.#feed || this.#feed.live)
    );
  }

  #remove(key: string): void {
    const entry = this.#entries.get(key);
    if (!entry) return;
    this.#entries.delete(key);
    this.#bytes -= entry.bytes;
  }
}

const TICKET = "responseCacheTicket";

/**
 * The cache's ticket of this request: the one the early middleware took, else a new lookup. Only GETs (and HEADs)
 * are cached.
 */
export function ticketOf(cache: ResponseCache | undefined, req: Request, res: Response): CacheTicket | undefined {
  if (!cache || (req.method !== "GET" && req.method !== "HEAD")) return undefined;
  const early = res.locals[TICKET] as CacheTicket | undefined;
  return early ?? cache.lookup(req, callerOf(res));
}

/**
 * Answers hits as early as possible: mount it after authentication (and the rate limit), before request validation
 * and the routes. A hit needs neither: its key holds the caller's tenant, school limit and scopes, and the same
 * method and URL, so the stored 200 passed the same validation and scope check when it was made.
 */
export function serveFromResponseCache(cache: ResponseCache): RequestHandler {
  return (req, res, next) => {
    if (req.method !== "GET" && req.method !== "HEAD") return next();
    const ticket = cache.lookup(req, callerOf(res));
    if (ticket?.hit) return sendCached(res, ticket.hit);
    res.locals[TICKET] = ticket;
    next();
  };
}

/** Answers from a stored entry: the same status, headers and bytes (and 304 when If-None-Match matches its ETag). */
export function sendCached(res: Response, entry: Entry): void {
  res.status(entry.status);
  for (const [name, value] of entry.headers) res.setHeader(name, value);
  res.send(entry.body);
}

/**
 * The cache a server uses. It needs the change feed: without one, what importers and other replicas write would never
 * reach it. `maxBytes` 0 (RESPONSE_CACHE_MB=0) turns off the stored answers but keeps counts, page anchors and parent checks.
 */
export function createResponseCache(options: ResponseCacheOptions & { changeFeed: ChangeFeed }): ResponseCache {
  return new ResponseCache(options);
}
