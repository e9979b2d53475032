import assert from "node:assert/strict";
import { Writable } from "node:stream";
import { describe, it } from "node:test";
import { setTimeout } from "node:timers/promises";
import { sql } from "kysely";
import pg from "pg";
import { openDatabase } from "../../db/connection.ts";
import { createLogger } from "../../src/log/logger.ts";

describe("a pooled Postgres connection the server closes while idle", { skip: !process.env.TEST_DATABASE_URL && "needs TEST_DATABASE_URL" }, () => {
  it("is logged as a warning and replaced, without crashing the process", async () => {
    const lines: Array<{ level: number; msg: string; err?: { message: string } }> = [];
    const logged = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(JSON.parse(chunk.toString("utf8")));
        done();
      },
    });
    const database = await openDatabase({ databaseUrl: process.env.TEST_DATABASE_URL!, poolSize: 1, logger: createLogger("info", logged) });
    const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await admin.connect();
    try {
      const before = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(database.db);
      const pid = before.rows[0]!.pid;
      const uncaught: unknown[] = [];
      const onUncaught = (error: unknown) => uncaught.push(error);
      process.on("uncaughtException", onUncaught);
      try {
        await admin.query("select pg_terminate_backend($1)", [pid]);
        for (let waited = 0; lines.length === 0 && waited < 5000; waited += 20) await setTimeout(20);
      } finally {
        process.off("uncaughtException", onUncaught);
      }
      assert.deepEqual(uncaught, []);
      assert.equal(lines.length, 1);
      assert.equal(lines[0]!.level, 40);
      assert.equal(lines[0]!.msg, "an idle database connection was closed by the server; the pool opens a new one");
      assert.match(lines[0]!.err!.message, /terminating connection due to administrator command/);

      const after = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(database.db);
      assert.notEqual(after.rows[0]!.pid, pid);
    } finally {
      await admin.end();
      await database.close();
    }
  });
});
