import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { after, before, it } from "node:test";
import { sql } from "kysely";
import { openChangeFeed, type Change, type ChangeFeed } from "../../db/change-feed.ts";
import { describeEachEngine, openTestDatabase } from "../helpers/databases.ts";

/** Every change the feed reports, and a way to wait for the next ones. */
function recorder(feed: ChangeFeed) {
  const seen: Change[] = [];
  let wake: (() => void) | undefined;
  feed.subscribe((change) => {
    seen.push(change);
    wake?.();
  });
  return {
    seen,
    /** Waits until a change matches, and returns the changes up to and including it (then forgets them). */
    async until(match: (change: Change) => boolean, timeoutMs = 5000): Promise<Change[]> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const at = seen.findIndex(match);
        if (at >= 0) return seen.splice(0, at + 1);
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`no matching change within ${timeoutMs} ms; saw ${JSON.stringify(seen)}`);
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, left).unref();
        });
      }
    },
  };
}

const category = (tenant: string, id: string) => ({ tenant_id: tenant, sourced_id: id, source_id: "src", title: id });

describeEachEngine("change feed", (database) => {
  let feed: ChangeFeed;
  let changes: ReturnType<typeof recorder>;
  const applicationName = `change-feed-test-${randomBytes(4).toString("hex")}`;

  before(async () => {
    const { db } = database();
    await db.insertInto("tenants").values({ id: "other", name: "Other" }).execute();
    for (const tenant of ["default", "other"]) await db.insertInto("sources").values({ tenant_id: tenant, id: "src", kind: "test" }).execute();
    feed = await openChangeFeed(database(), { reconnectDelayMs: 50, applicationName });
    changes = recorder(feed);
  });
  after(async () => {
    await feed.close();
  });

  it("reports an insert with its tenant and table", async () => {
    assert.equal(feed.live, true);
    await database().db.insertInto("categories").values(category("default", "c1")).execute();
    const seen = await changes.until((c) => c.table === "categories");
    assert.deepEqual(seen.at(-1), { tenant: "default", table: "categories" });
  });

  it("reports each tenant a statement touched, once per transaction", async () => {
    await database().db.transaction().execute(async (tx) => {
      for (let i = 0; i < 20; i++) await tx.insertInto("categories").values([category("default", `d${i}`), category("other", `o${i}`)]).execute();
    });
    await database().db.insertInto("resources").values({ tenant_id: "default", sourced_id: "r0", source_id: "src", vendor_resource_id: "v" }).execute();
    const seen = await changes.until((c) => c.table === "resources");
    const categories = seen.filter((c) => c.table === "categories").map((c) => c.tenant).sort();
    assert.deepEqual(categories, ["default", "other"]);
  });

  it("reports updates and deletes, and nothing for a statement that changed no rows", async () => {
    const { db } = database();
    await db.updateTable("resources").set({ title: "never" }).where("sourced_id", "=", "no-such-row").execute();
    await db.updateTable("categories").set({ title: "renamed" }).where("tenant_id", "=", "other").where("sourced_id", "=", "o1").execute();
    let seen = await changes.until((c) => c.table === "categories");
    assert.deepEqual(seen, [{ tenant: "other", table: "categories" }]);
    await db.deleteFrom("categories").where("tenant_id", "=", "other").where("sourced_id", "=", "o2").execute();
    seen = await changes.until((c) => c.table === "categories");
    assert.deepEqual(seen, [{ tenant: "other", table: "categories" }]);
  });

  it("reports a change only when its transaction commits", async () => {
    const { db } = database();
    await db.transaction().execute(async (tx) => {
      await tx.insertInto("categories").values(category("default", "in-tx")).execute();
      await sleep(100);
      assert.deepEqual(changes.seen, []);
    });
    await changes.until((c) => c.table === "categories");
    await db
      .transaction()
      .execute(async (tx) => {
        await tx.insertInto("categories").values(category("default", "rolled-back")).execute();
        throw new Error("roll back");
      })
      .catch(() => undefined);
    await db.insertInto("resources").values({ tenant_id: "other", sourced_id: "r1", source_id: "src", vendor_resource_id: "v" }).execute();
    assert.deepEqual(await changes.until((c) => c.table === "resources"), [{ tenant: "other", table: "resources" }]);
  });

  it("reports a truncate as a change of anything", async () => {
    await sql`truncate class_resources`.execute(database().db);
    assert.deepEqual(await changes.until((c) => c.table === "class_resources"), [{ tenant: null, table: "class_resources" }]);
  });

  it("stops calling a listener that unsubscribed", async () => {
    const calls: Change[] = [];
    const unsubscribe = feed.subscribe((c) => calls.push(c));
    unsubscribe();
    await database().db.insertInto("categories").values(category("default", "after-unsubscribe")).execute();
    await changes.until((c) => c.table === "categories");
    assert.deepEqual(calls, []);
  });

  it("[postgres] ignores other schemas, and reconnects reporting a change of anything", async (t) => {
    if (database().engine !== "postgres") return t.skip("Postgres only");
    const elsewhere = await openTestDatabase("postgres");
    try {
      await elsewhere.db.insertInto("sources").values({ tenant_id: "default", id: "src", kind: "test" }).execute();
      await elsewhere.db.insertInto("categories").values(category("default", "elsewhere")).execute();
    } finally {
      await elsewhere.close();
    }
    await database().db.insertInto("resources").values({ tenant_id: "default", sourced_id: "r2", source_id: "src", vendor_resource_id: "v" }).execute();
    assert.deepEqual(await changes.until((c) => c.table === "resources"), [{ tenant: "default", table: "resources" }]);

    await sql`select pg_terminate_backend(pid) from pg_stat_activity where application_name = ${applicationName}`.execute(database().db);
    assert.deepEqual(await changes.until((c) => c.tenant === null), [{ tenant: null, table: null }]);
    assert.equal(feed.live, true);
    await database().db.insertInto("categories").values(category("other", "after-reconnect")).execute();
    assert.deepEqual(await changes.until((c) => c.table === "categories"), [{ tenant: "other", table: "categories" }]);
  });
});
