import type { Logger } from "../../src/log/logger.ts";
import { AccessToken } from "./access-token.ts";
import { isRetryableStatus, retryDelayMs } from "./retry-policy.ts";
import type { Ss12000Settings } from "./settings.ts";
import { DELETED_KEYS, type Collection, type Collections } from "./types.ts";

/** A request that failed for good: after its retries, or at once when retrying cannot help. */
export class Ss12000RequestError extends Error {
  override name = "Ss12000RequestError";
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

export interface ClientOptions {
  env?: NodeJS.ProcessEnv;
  logger?: Logger;
  /** Waits between attempts; tests may record the waits. */
  sleep?: (ms: number) => Promise<void>;
}

type Query = Record<string, string | number | boolean | undefined>;

const LOOKUP_BATCH = 500;

/**
 * A client for an SS 12000 v2.1 API: bearer auth, pageToken paging, lookups by id and /deletedEntities, with every
 * request retried on 429, 5xx and broken or truncated answers (honouring Retry-After).
 */
export class Ss12000Client {
  readonly #settings: Ss12000Settings;
  readonly #token: AccessToken;
  readonly #logger: Logger | undefined;
  readonly #sleep: (ms: number) => Promise<void>;
  /** How many HTTP requests this client made (attempts included). */
  requests = 0;

  constructor(settings: Ss12000Settings, options: ClientOptions = {}) {
    this.#settings = settings;
    this.#token = new AccessToken(settings, options.env);
    this.#logger = options.logger;
    this.#sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /**
   * Every object of a collection, page by page, following pageToken until the API says there is no more. The next
   * page is requested before this one is handed on, so the server prepares it while the caller works.
   */
  async *pages<C extends Collection>(collection: C, query: Query = {}): AsyncGenerator<Array<Collections[C]>> {
    const { pageSize } = this.#settings;
    const expand = query.expand;
    let page = 1;
    let body = await this.#request("GET", `/${collection}`, { ...query, limit: pageSize }, undefined, `${collection} page ${page}`);
    for (;;) {
      const { data, pageToken } = pageOf(body, `${collection} page ${page}`);
      if (typeof pageToken !== "string" || pageToken === "") {
        yield data as Array<Collections[C]>;
        return;
      }
      page++;
      // SS 12000 takes no filters beside a pageToken: the token carries them.
      const next = this.#request("GET", `/${collection}`, { pageToken, limit: pageSize, expand }, undefined, `${collection} page ${page}`);
      // Awaited below; a caller that stops early leaves it unread, which must not count as unhandled.
      next.catch(() => {});
      yield data as Array<Collections[C]>;
      body = await next;
    }
  }

  /** Objects by id (POST /{collection}/lookup), in batches; ids the API does not know are simply absent. */
  async lookup<C extends Collection>(collection: C, ids: Iterable<string>, expand?: string): Promise<Array<Collections[C]>> {
    const all = [...new Set(ids)];
    const found: Array<Collections[C]> = [];
    for (let i = 0; i < all.length; i += LOOKUP_BATCH) {
      const body = await this.#request("POST", `/${collection}/lookup`, { expand }, { ids: all.slice(i, i + LOOKUP_BATCH) }, `${collection} lookup`);
      const data = Array.isArray(body) ? body : (body as { data?: unknown })?.data;
      if (!Array.isArray(data)) throw new Ss12000RequestError(`${collection} lookup: the answer is not a list of objects`);
      found.push(...(data as Array<Collections[C]>));
    }
    return found;
  }

  /** Ids deleted after `after`, per collection (GET /deletedEntities, all pages). */
  async deletedSince(after: string, collections: readonly Collection[]): Promise<Map<Collection, string[]>> {
    const deleted = new Map<Collection, string[]>(collections.map((c) => [c, []]));
    const entities = collections.map(objectType).join(",");
    let page = 1;
    let body = await this.#request("GET", "/deletedEntities", { after, entities, limit: this.#settings.pageSize }, undefined, `deletedEntities page ${page}`);
    for (;;) {
      const { data, pageToken } = (body ?? {}) as { data?: Record<string, unknown>; pageToken?: unknown };
      if (data === null || typeof data !== "object") throw new Ss12000RequestError(`deletedEntities page ${page}: the answer has no data object`);
      for (const collection of collections) {
        for (const key of DELETED_KEYS[collection]) {
          const ids = data[key];
          if (Array.isArray(ids)) deleted.get(collection)!.push(...ids.map(String));
        }
      }
      if (typeof pageToken !== "string" || pageToken === "") return deleted;
      page++;
      body = await this.#request("GET", "/deletedEntities", { pageToken, limit: this.#settings.pageSize }, undefined, `deletedEntities page ${page}`);
    }
  }

  async #request(method: "GET" | "POST", path: string, query: Query, json: unknown, what: string): Promise<unknown> {
    const url = new URL(this.#settings.url.replace(/\/+$/, "") + path);
    for (const [key, value] of Object.entries(query)) if (value !== undefined) url.searchParams.set(key, String(value));
    const { maxAttempts, maxRetryWaitMs, timeoutMs } = this.#settings;
    let renewedToken = false;
    for (let attempt = 1; ; attempt++) {
      this.requests++;
      let status: number | undefined;
      let retryAfter: string | null = null;
      let problem: string;
      try {
        const token = await this.#token.get();
        const response = await fetch(url, {
          method,
          headers: {
            authorization: `Bearer ${token}`,
            accept: "application/json",
            ...(json !== undefined ? { "content-type": "application/json" } : {}),
          },
          ...(json !== undefined ? { body: JSON.stringify(json) } : {}),
          signal: AbortSignal.timeout(timeoutMs),
        });
        status = response.status;
        const text = await response.text();
        if (response.ok) {
          try {
            return JSON.parse(text) as unknown;
          } catch {
            problem = `the answer is not complete JSON (${text.length} bytes)`;
          }
        } else {
          if (status === 401 && !renewedToken && this.#token.invalidate(token)) {
            renewedToken = true;
            attempt--;
            continue;
          }
          problem = `${status} ${response.statusText}${text ? `: ${text.slice(0, 200)}` : ""}`;
          if (!isRetryableStatus(status)) throw new Ss12000RequestError(`${method} ${path} (${what}) failed: ${problem}`, status);
          retryAfter = response.headers.get("retry-after");
        }
      } catch (error) {
        if (error instanceof Ss12000RequestError || (error as Error).name === "Ss12000AuthError") throw error;
        problem = (error as Error).name === "TimeoutError" ? `no answer within ${timeoutMs} ms` : `connection failed: ${(error as Error).message}`;
      }
      if (attempt >= maxAttempts) {
        throw new Ss12000RequestError(`${method} ${path} (${what}) failed after ${attempt} attempts: ${problem}`, status);
      }
      const wait = retryDelayMs(retryAfter, attempt, maxRetryWaitMs);
      this.#logger?.warn({ path, what, attempt, status, waitMs: Math.round(wait), problem }, "SS 12000 request failed; retrying");
      await this.#sleep(wait);
    }
  }
}

function pageOf(body: unknown, what: string): { data: unknown[]; pageToken: unknown } {
  const { data, pageToken } = (body ?? {}) as { data?: unknown; pageToken?: unknown };
  if (!Array.isArray(data)) throw new Ss12000RequestError(`${what}: the answer has no data list`);
  return { data, pageToken };
}

function objectType(collection: Collection): string {
  const names: Record<Collection, string> = {
    organisations: "Organisation",
    persons: "Person",
    placements: "Placement",
    duties: "Duty",
    groups: "Group",
    activities: "Activity",
    syllabuses: "Syllabus",
  };
  return names[collection];
}
