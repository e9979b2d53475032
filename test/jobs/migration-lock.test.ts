import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { describe, it } from "node:test";
import { sql } from "kysely";
import { openDatabase } from "../../db/connection.ts";
import { LATEST_MIGRATION, currentMigration, migrateToLatest, migrations } from "../../db/migrator.ts";
import { withSchemaLock } from "../helpers/databases.ts";

/**
 * Every `serve` (and the scheduler) migrates on start; replicas starting together must not apply a migration twice.
 * kysely's Migrator holds a Postgres advisory lock (pg_advisory_lock) around the run, which this test relies on.
 */
describe("migrations on start, from several replicas at once", { skip: !process.env.TEST_DATABASE_URL && "needs TEST_DATABASE_URL" }, () => {
  it("applies every migration exactly once when three processes migrate an empty database together", async () => {
    const url = process.env.TEST_DATABASE_URL!;
    const schema = `test_${randomBytes(6).toString("hex")}`;
    const replicas = await Promise.all([1, 2, 3].map(() => openDatabase({ databaseUrl: url, schema, poolSize: 2 })));
    try {
      // Under the test schemas' lock: migrating (kysely's Migrator) looks at every schema's tables, and another test
      // file may drop its schema meanwhile.
      const { applied, current } = await withSchemaLock(replicas[0]!.db, async () => {
        await sql.raw(`create schema ${schema}`).execute(replicas[0]!.db);
        const applied = await Promise.all(replicas.map((replica) => migrateToLatest(replica.db, schema)));
        return { applied, current: await Promise.all(replicas.map((replica) => currentMigration(replica.db, schema))) };
      });
      assert.deepEqual(applied.flat().sort(), Object.keys(migrations).sort());
      assert.equal(applied.filter((names) => names.length > 0).length, 1, "one replica applied them all, the others found nothing to do");
      assert.deepEqual(current, [LATEST_MIGRATION, LATEST_MIGRATION, LATEST_MIGRATION]);
    } finally {
      await withSchemaLock(replicas[0]!.db, () => sql.raw(`drop schema if exists ${schema} cascade`).execute(replicas[0]!.db));
      await Promise.all(replicas.map((replica) => replica.close()));
    }
  });
});
