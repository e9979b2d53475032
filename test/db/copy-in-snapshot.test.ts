import assert from "node:assert/strict";
import { text } from "node:stream/consumers";
import { it } from "node:test";
import { sql } from "kysely";
import { copyInSnapshot, exportSnapshot } from "../../db/copy-in-snapshot.ts";
import { describeEachEngine, withPoolBusy } from "../helpers/databases.ts";

describeEachEngine("COPY in another transaction's snapshot (copyInSnapshot)", (database) => {
  const tenantIds = (db = database().db) => db.selectFrom("tenants").select("id").where("id", "like", sql.lit("snap-%")).orderBy("id");

  /** Runs `work` inside a repeatable read transaction with its snapshot id. */
  const inSnapshot = async (work: (snapshot: string) => Promise<void>) => {
    const { db } = database();
    await db.transaction().setIsolationLevel("repeatable read").execute(async (trx) => {
      await trx.selectFrom("tenants").select("id").execute();
      await work(await exportSnapshot(trx));
    });
  };

  it("is not there on the embedded engine, which has one connection", async (t) => {
    const { db, engine } = database();
    if (engine !== "pglite") return t.skip("embedded engine only");
    assert.equal(await copyInSnapshot(db, "any", tenantIds().compile()), undefined);
  });

  it("sees the snapshot's rows, not those written after it, and its parameters reach the query", async (t) => {
    const { db, engine } = database();
    if (engine === "pglite") return t.skip("PostgreSQL only");
    await db.insertInto("tenants").values([{ id: "snap-a", name: "A, \"quoted\"" }]).execute();
    await inSnapshot(async (snapshot) => {
      await db.insertInto("tenants").values({ id: "snap-b", name: "B" }).execute();
      const query = db.selectFrom("tenants").select(["id", "name"]).where("id", "in", ["snap-a", "snap-b"]).orderBy("id").compile();
      const copy = (await copyInSnapshot(db, snapshot, query))!;
      assert.equal(await text(copy.rows()), 'snap-a,"A, ""quoted"""\n');
      await copy.close();
    });
    assert.deepEqual(await tenantIds().execute(), [{ id: "snap-a" }, { id: "snap-b" }]);
  });

  it("gives a failure of the query to whoever reads, and closes its connection, whether read or not", async (t) => {
    const { db, engine } = database();
    if (engine === "pglite") return t.skip("PostgreSQL only");
    await inSnapshot(async (snapshot) => {
      const failing = sql`select 1 / (count(*) - count(*)) from tenants`.compile(db);
      const read = (await copyInSnapshot(db, snapshot, failing))!;
      await assert.rejects(text(read.rows()), /division by zero/);
      await read.close();
      const unread = (await copyInSnapshot(db, snapshot, failing))!;
      await unread.close();
      await unread.close();
    });
    // The pool still serves: no connection was given back in the middle of a COPY.
    for (let i = 0; i < 6; i++) await db.selectFrom("tenants").select("id").execute();
  });

  it("gives no copy, rather than wait, when the pool has no connection to spare", async (t) => {
    const { db, engine } = database();
    if (engine === "pglite") return t.skip("PostgreSQL only");
    const query = tenantIds().compile();
    await inSnapshot(async (snapshot) => {
      await withPoolBusy(db, 0, async () => assert.equal(await copyInSnapshot(db, snapshot, query), undefined));
      const copy = (await copyInSnapshot(db, snapshot, query))!;
      await text(copy.rows());
      await copy.close();
    });
  });
});
