import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { after, describe, it } from "node:test";
import type { PGlite } from "@electric-sql/pglite";
import { openDatabase } from "../../db/connection.ts";
import { DataDirBusyError, lockDataDir } from "../../db/data-dir-lock.ts";
import { migrateToLatest } from "../../db/migrator.ts";

describe("embedded PGlite", () => {
  it("runs concurrent transactions one after the other, so a rollback never takes another's rows", async () => {
    const database = await openDatabase({ dataDir: "memory://" });
    try {
      await migrateToLatest(database.db);
      await database.db.insertInto("sources").values({ tenant_id: "default", id: "s", kind: "test" }).execute();
      const insert = (tx: typeof database.db, id: string) =>
        tx.insertInto("categories").values({ tenant_id: "default", source_id: "s", sourced_id: id, title: id }).execute();
      const failing = database.db.transaction().execute(async (tx) => {
        await insert(tx, "a");
        await sleep(50);
        throw new Error("boom");
      });
      const succeeding = database.db.transaction().execute((tx) => insert(tx, "b"));
      await assert.rejects(failing, /boom/);
      await succeeding;
      const rows = await database.db.selectFrom("categories").select("sourced_id").execute();
      assert.deepEqual(rows, [{ sourced_id: "b" }]);
    } finally {
      await database.close();
    }
  });

  it("starts from a dump of another's data, and closes even when no query ran (nothing left to keep the process alive)", async () => {
    const source = await openDatabase({ dataDir: "memory://" });
    await migrateToLatest(source.db);
    await source.db.insertInto("tenants").values({ id: "dumped", name: "Dumped" }).execute();
    const client = (handle: typeof source) => (handle.notifications as { client: PGlite }).client;
    const dump = await client(source).dumpDataDir("none");
    await source.close();
    const untouched = await openDatabase({ dataDir: "memory://", loadDataDir: dump });
    await untouched.close();
    assert.equal(client(untouched).closed, true);
    const loaded = await openDatabase({ dataDir: "memory://", loadDataDir: dump });
    try {
      assert.deepEqual(await loaded.db.selectFrom("tenants").select("id").where("id", "=", "dumped").execute(), [{ id: "dumped" }]);
    } finally {
      await loaded.close();
    }
  });
});

describe("data folder lock", () => {
  const dir = mkdtempSync(join(tmpdir(), "oneroster-lock-"));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("is taken again after release", () => {
    lockDataDir(dir)();
    lockDataDir(dir)();
  });

  it("refuses while another live process holds it, naming folder and process", async () => {
    const holder = spawn("sleep", ["5"]);
    try {
      writeFileSync(join(dir, "oneroster.pid"), String(holder.pid));
      assert.throws(
        () => lockDataDir(dir),
        (error: unknown) =>
          error instanceof DataDirBusyError && error.message.includes(dir) && error.message.includes(`process ${holder.pid}`),
      );
    } finally {
      holder.kill();
    }
  });

  it("takes over a lock left by a process that is gone", async () => {
    const gone = spawn("true");
    await new Promise((resolve) => gone.on("close", resolve));
    writeFileSync(join(dir, "oneroster.pid"), String(gone.pid));
    lockDataDir(dir)();
  });
});
