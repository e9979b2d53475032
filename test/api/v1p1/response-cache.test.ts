import assert from "node:assert/strict";
import { after, before, it } from "node:test";
import express, { type Express, type Request, type RequestHandler } from "express";
import request from "supertest";
import { openChangeFeed, type Change, type ChangeFeed } from "../../../db/change-feed.ts";
import type { ApiClient } from "../../../src/api/auth/api-client.ts";
import { oneRosterErrorHandler } from "../../../src/api/v1p1/error-handler.ts";
import type { Guards } from "../../../src/api/v1p1/guards.ts";
import { BASE_PATH } from "../../../src/api/v1p1/request-context.ts";
import { ResponseCache, serveFromResponseCache } from "../../../src/api/v1p1/response-cache.ts";
import { oneRosterV1p1Router } from "../../../src/api/v1p1/router.ts";
import { IDS, loadSmallMunicipality } from "../../fixtures/small-municipality.ts";
import { describeEachEngine } from "../../helpers/databases.ts";
import { FULL_ACCESS, routesAs } from "../../helpers/v1p1-app.ts";

const BASE = "/ims/oneroster/v1p1";
const HEADERS = ["content-type", "content-length", "etag", "x-total-count", "link"] as const;

const SCHOOL_2: ApiClient = { ...FULL_ACCESS, clientId: "school-2", schoolSourcedIds: [IDS.school2] };
const SCHOOL_1: ApiClient = { ...FULL_ACCESS, clientId: "school-1", schoolSourcedIds: [IDS.school1] };
const OTHER_TENANT: ApiClient = { ...FULL_ACCESS, clientId: "other", tenantId: "other" };

/** A GET with a fixed Host: supertest serves each request on a new port, and the host is part of every answer. */
async function get(app: Express, path: string, headers: Record<string, string> = {}) {
  const response = await request(app).get(path).set({ Host: "oneroster.test", ...headers });
  return { status: response.status, text: response.text, headers: Object.fromEntries(HEADERS.map((name) => [name, response.headers[name]])) };
}

/** Resolves on the next change the feed reports for the tenant. */
function nextChange(feed: ChangeFeed, tenant: string): Promise<Change> {
  return new Promise((resolve) => {
    const unsubscribe = feed.subscribe((change) => {
      if (change.tenant === tenant || change.tenant === null) {
        unsubscribe();
        resolve(change);
      }
    });
  });
}

describeEachEngine("response cache", (database) => {
  let feed: ChangeFeed;
  let cache: ResponseCache;
  const cached = (client: ApiClient = FULL_ACCESS) => routesAs(database(), client, 10_000, cache);
  const uncached = (client: ApiClient = FULL_ACCESS) => routesAs(database(), client);

  before(async () => {
    const { db } = database();
    await db.insertInto("tenants").values({ id: "other", name: "Other" }).execute();
    await loadSmallMunicipality(db);
    await loadSmallMunicipality(db, "other");
    await db.updateTable("users").set({ given_name: "Annat" }).where("tenant_id", "=", "other").execute();
    feed = await openChangeFeed(database());
    cache = new ResponseCache({ changeFeed: feed });
  });
  after(async () => {
    cache.close();
    await feed.close();
  });

  it("answers a hit with the same status, bytes and headers as the miss before it", async () => {
    const app = cached();
    for (const path of [`/users?limit=2&offset=1`, `/users/${IDS.student1}`, `/schools/${IDS.school1}/classes/${IDS.class1}/students?fields=sourcedId,givenName`]) {
      const before = cache.stats();
      const miss = await get(app, `${BASE}${path}`);
      const hit = await get(app, `${BASE}${path}`);
      assert.equal(miss.status, 200);
      assert.ok(miss.headers.etag, "an ETag");
      assert.deepEqual(hit, miss, path);
      assert.deepEqual(await get(uncached(), `${BASE}${path}`), miss, path);
      const now = cache.stats();
      assert.equal(now.hits - before.hits, 1, path);
      assert.equal(now.stores - before.stores, 1, path);
    }
  });

  it("answers If-None-Match with 304 on a hit, and leaves credential parameters out of its key", async () => {
    const app = cached();
    const first = await get(app, `${BASE}/orgs?limit=3&oauth_nonce=a1&oauth_signature=x`);
    const hitsBefore = cache.stats().hits;
    const again = await get(app, `${BASE}/orgs?limit=3&oauth_nonce=b2&oauth_signature=y`);
    assert.equal(cache.stats().hits, hitsBefore + 1);
    assert.deepEqual(await get(app, `${BASE}/orgs?access_token=t1&limit=3`), first);
    assert.deepEqual(await get(app, `${BASE}/orgs?limit=3&access_token=t2`), first);
    assert.equal(cache.stats().hits, hitsBefore + 3);
    assert.equal(again.text, first.text);
    const notModified = await request(app).get(`${BASE}/orgs?limit=3`).set({ Host: "oneroster.test", "If-None-Match": first.headers.etag! });
    assert.equal(notModified.status, 304);
    assert.equal(notModified.text, "");

    cache.invalidateTenant("default");
    const revalidated = await request(app).get(`${BASE}/orgs?limit=3`).set({ Host: "oneroster.test", "If-None-Match": first.headers.etag! });
    assert.equal(revalidated.status, 304, "a miss that ends in 304");
    assert.deepEqual(await get(app, `${BASE}/orgs?limit=3`), first, "is not kept as the answer");
  });

  it("never shares an entry between tenants or between differently school-limited clients", async () => {
    for (const path of ["/users", "/enrollments", `/classes/${IDS.class2}/students`, "/orgs"]) {
      const answers = new Set<string>();
      for (const client of [FULL_ACCESS, SCHOOL_1, SCHOOL_2, OTHER_TENANT]) {
        const expected = await get(uncached(client), `${BASE}${path}`);
        for (let i = 0; i < 2; i++) assert.deepEqual(await get(cached(client), `${BASE}${path}`), expected, `${client.clientId} ${path}`);
        answers.add(expected.text);
      }
      if (!path.startsWith("/classes/")) assert.equal(answers.size, 4, `${path}: every client's answer differs`);
    }
  });

  it("drops the tenant's gradebook entries at once when a gradebook PUT or DELETE writes, and keeps its roster entries", async () => {
    const app = cached();
    const users = await get(app, `${BASE}/users`);
    const before = await get(app, `${BASE}/lineItems`);
    const otherBefore = await get(cached(OTHER_TENANT), `${BASE}/lineItems`);
    const put = await request(app)
      .put(`${BASE}/lineItems/li-cached`)
      .send({
        lineItem: {
          title: "Prov",
          assignDate: "2026-11-02",
          dueDate: "2026-11-09",
          class: { sourcedId: IDS.class1 },
          category: { sourcedId: IDS.category },
          gradingPeriod: { sourcedId: IDS.gradingPeriod },
          resultValueMin: 0,
          resultValueMax: 10,
        },
      });
    assert.equal(put.status, 201, put.text);
    const after = await get(app, `${BASE}/lineItems`);
    assert.notEqual(after.text, before.text);
    assert.equal(after.headers["x-total-count"], String(Number(before.headers["x-total-count"]) + 1));
    assert.deepEqual(after, await get(uncached(), `${BASE}/lineItems`));

    const hits = cache.stats().hits;
    assert.deepEqual(await get(cached(OTHER_TENANT), `${BASE}/lineItems`), otherBefore);
    assert.equal(cache.stats().hits, hits + 1, "the other tenant's entry stays");
    assert.deepEqual(await get(app, `${BASE}/users`), users);
    assert.equal(cache.stats().hits, hits + 2, "the tenant's roster entries stay");

    assert.equal((await request(app).delete(`${BASE}/lineItems/li-cached`)).status, 204);
    assert.match((await get(app, `${BASE}/lineItems/li-cached`)).text, /"status":"tobedeleted"/);
  });

  it("drops the tenant's entries when the change feed reports a write made directly in the database", async () => {
    const { db } = database();
    const app = cached(SCHOOL_2);
    const before = await get(app, `${BASE}/users`);
    assert.deepEqual(await get(app, `${BASE}/users`), before);
    await get(app, `${BASE}/results`);

    let changed = nextChange(feed, "default");
    await db.updateTable("results").set({ comment: "Omrättad" }).where("tenant_id", "=", "default").where("sourced_id", "=", IDS.result2).execute();
    await changed;
    let hits = cache.stats().hits;
    assert.deepEqual(await get(app, `${BASE}/users`), before, "a gradebook change keeps roster entries");
    assert.equal(cache.stats().hits, hits + 1);
    assert.match((await get(app, `${BASE}/results`)).text, /Omrättad/);

    changed = nextChange(feed, "default");
    await db.updateTable("users").set({ given_name: "Importerad" }).where("tenant_id", "=", "default").where("sourced_id", "=", IDS.student2).execute();
    await changed;
    hits = cache.stats().hits;
    const after = await get(app, `${BASE}/users`);
    assert.match(after.text, /Importerad/);
    assert.deepEqual(after, await get(uncached(SCHOOL_2), `${BASE}/users`));
    assert.deepEqual(await get(app, `${BASE}/results`), await get(uncached(SCHOOL_2), `${BASE}/results`));
    assert.equal(cache.stats().hits, hits, "a roster change drops gradebook entries too");
  });

  it("serves deep pages from remembered anchors with the same records as OFFSET alone, also after a change", async () => {
    const { db } = database();
    const rows = Array.from({ length: 2600 }, (_, i) => ({ tenant_id: "default", sourced_id: `bulk-${String(i).padStart(4, "0")}`, source_id: "fixture", title: `B${i}` }));
    const changed = nextChange(feed, "default");
    await db.insertInto("categories").values(rows).execute();
    await changed;
    const anchored = new ResponseCache({ changeFeed: feed, maxBytes: 0 });
    const app = routesAs(database(), FULL_ACCESS, 10_000, anchored);
    const paths = [999, 1000, 1001, 1999, 2000, 2550, 2601, 2700].flatMap((offset) => [`/categories?limit=100&offset=${offset}`, `/categories?limit=1&offset=${offset}`]);
    paths.push("/categories?limit=1200&offset=1300", "/categories?offset=1050&filter=title~'B1'", "/categories?offset=2000&sort=title");
    for (const path of paths) assert.deepEqual(await get(app, `${BASE}${path}`), await get(uncached(), `${BASE}${path}`), path);
    assert.equal(anchored.stats().anchorSets, 2, "anchors of all categories and of the filtered ones");

    const again = nextChange(feed, "default");
    await db.insertInto("categories").values({ tenant_id: "default", sourced_id: "bulk-0000a", source_id: "fixture", title: "early" }).execute();
    await again;
    for (const path of paths) assert.deepEqual(await get(app, `${BASE}${path}`), await get(uncached(), `${BASE}${path}`), `${path} after a change`);
  });

  it("evicts the least recently used entries beyond its byte bound", async () => {
    const small = new ResponseCache({ maxBytes: 12_000 });
    const app = routesAs(database(), FULL_ACCESS, 10_000, small);
    const paths = Array.from({ length: 12 }, (_, i) => `${BASE}/users?limit=1&offset=${i % 6}&fields=sourcedId,givenName,familyName,orgs&x=${i}`);
    for (const path of paths) await get(app, path);
    const stats = small.stats();
    assert.ok(stats.bytes <= 12_000, `${stats.bytes} bytes`);
    assert.ok(stats.evictions > 0 && stats.entries < paths.length, JSON.stringify(stats));
    await get(app, paths.at(-1)!);
    assert.equal(small.stats().hits, 1, "the newest entry is kept");
    await get(app, paths[0]!);
    assert.equal(small.stats().hits, 1, "the oldest entry went first");
  });

  it("does not store pages above its record bound, nor an answer read before a change", async () => {
    const bounded = new ResponseCache({ maxRecords: 2 });
    const app = routesAs(database(), FULL_ACCESS, 10_000, bounded);
    await get(app, `${BASE}/users?limit=3`);
    await get(app, `${BASE}/users?limit=2`);
    assert.deepEqual([bounded.stats().stores, bounded.stats().entries], [1, 1]);

    const req = { method: "GET", protocol: "http", originalUrl: `${BASE}/orgs`, get: () => "host" } as unknown as Request;
    const ticket = bounded.lookup(req, FULL_ACCESS)!;
    bounded.invalidateTenant("default");
    const res = { statusCode: 200, getHeader: () => undefined } as never;
    bounded.store(ticket, res, "{}");
    assert.equal(bounded.lookup(req, FULL_ACCESS)?.hit, undefined);
  });

  it("answers hits ahead of validation and scope guards when mounted early, and only for the same scopes", async () => {
    const early = new ResponseCache();
    const guarded: string[] = [];
    const appOf = (client: ApiClient) => {
      const app = express();
      const guard: RequestHandler = (_req, res, next) => {
        guarded.push(client.clientId);
        res.locals.client = client;
        next();
      };
      const guards: Guards = { rosterCore: guard, demographics: guard, resources: guard, gradebookRead: guard, gradebookWrite: guard, gradebookDelete: guard };
      const authenticate: RequestHandler = (_req, res, next) => {
        res.locals.client = client;
        next();
      };
      app.use(BASE_PATH, authenticate, serveFromResponseCache(early), oneRosterV1p1Router({ db: database().db, maxLimit: 10_000, responseCache: early }, guards), oneRosterErrorHandler);
      return app;
    };
    const rosterOnly: ApiClient = { ...FULL_ACCESS, clientId: "roster-only", scopes: ["roster.readonly"] };
    const miss = await get(appOf(FULL_ACCESS), `${BASE}/classes`);
    const hit = await get(appOf(FULL_ACCESS), `${BASE}/classes`);
    assert.deepEqual(hit, miss);
    assert.deepEqual(hit, await get(uncached(), `${BASE}/classes`));
    assert.deepEqual(guarded, [FULL_ACCESS.clientId]);
    assert.deepEqual(await get(appOf(rosterOnly), `${BASE}/classes`), miss);
    assert.deepEqual(guarded, [FULL_ACCESS.clientId, "roster-only"]);
    assert.deepEqual([early.stats().hits, early.stats().stores], [1, 2]);
  });

  it("is bypassed while the change feed is down", async () => {
    const down: ChangeFeed = { live: false, subscribe: () => () => undefined, close: async () => undefined };
    const unsure = new ResponseCache({ changeFeed: down });
    const app = routesAs(database(), FULL_ACCESS, 10_000, unsure);
    await get(app, `${BASE}/orgs`);
    await get(app, `${BASE}/orgs`);
    assert.deepEqual([unsure.stats().hits, unsure.stats().stores], [0, 0]);
  });
});
