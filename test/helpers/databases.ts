import { randomBytes } from "node:crypto";
import { after, before, describe } from "node:test";
import { sql, type Kysely } from "kysely";
import { openDatabase, type DatabaseHandle, type Engine } from "../../db/connection.ts";
import { dedicatedSession, type DedicatedSession } from "../../db/dedicated-session.ts";
import { migrateToLatest } from "../../db/migrator.ts";
import { migratedPGliteDump } from "./pglite-template.ts";
import { adminStatement } from "./postgres-admin.ts";

/** The engines every database test runs on: PGlite always, PostgreSQL when TEST_DATABASE_URL is set. */
export function testEngines(): Engine[] {
  return process.env.TEST_DATABASE_URL ? ["pglite", "postgres"] : ["pglite"];
}

/**
 * A fresh, migrated database of its own: an in-memory PGlite, or a new schema in the test PostgreSQL that is
 * dropped again on close, so no test ever sees another test's rows.
 */
export async function openTestDatabase(engine: Engine, { migrate = true, ownDatabase = false } = {}): Promise<DatabaseHandle> {
  if (engine === "pglite") {
    return openDatabase({ dataDir: "memory://", ...(migrate ? { loadDataDir: await migratedPGliteDump() } : {}) });
  }
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error("TEST_DATABASE_URL is not set");
  if (ownDatabase) return openOwnPostgresDatabase(url, migrate);
  const schema = `test_${randomBytes(6).toString("hex")}`;
  const handle = await openDatabase({ databaseUrl: url, schema, poolSize: 4 });
  await withSchemaLock(handle.db, async () => {
    await sql.raw(`create schema ${schema}`).execute(handle.db);
    if (migrate) await migrateToLatest(handle.db, schema);
  });
  return {
    ...handle,
    close: async () => {
      await withSchemaLock(handle.db, () => sql.raw(`drop schema ${schema} cascade`).execute(handle.db));
      await handle.close();
    },
  };
}

/**
 * A database of its own rather than a schema, for tests of something that looks at every session of the database
 * (the delta export's next since waits for the oldest open transaction, which may be another test file's).
 */
async function openOwnPostgresDatabase(url: string, migrate: boolean): Promise<DatabaseHandle> {
  const name = `test_own_${randomBytes(6).toString("hex")}`;
  const admin = (statement: string) => adminStatement(url, statement);
  await admin(`create database ${name}`);
  const own = new URL(url);
  own.pathname = `/${name}`;
  const handle = await openDatabase({ databaseUrl: own.toString(), poolSize: 4 });
  if (migrate) await migrateToLatest(handle.db);
  return {
    ...handle,
    close: async () => {
      await handle.close();
      await admin(`drop database if exists ${name} with (force)`);
    },
  };
}

/**
 * Test files run in parallel, each in schemas of its own. The migrator looks at the tables of every schema, which
 * fails when another file drops its schema meanwhile; so schemas are made, migrated and dropped one at a time.
 */
export async function withSchemaLock<T>(db: Kysely<any>, work: () => Promise<T>): Promise<T> {
  return db.connection().execute(async (connection) => {
    await sql`select pg_advisory_lock(${SCHEMA_LOCK})`.execute(connection);
    try {
      return await work();
    } finally {
      await sql`select pg_advisory_unlock(${SCHEMA_LOCK})`.execute(connection);
    }
  });
}

const SCHEMA_LOCK = 7_700_412_001;

/** describe() once per engine, with a fresh migrated database opened before and closed after. */
export function describeEachEngine(
  title: string,
  body: (database: () => DatabaseHandle) => void,
  options: { migrate?: boolean; ownDatabase?: boolean } = {},
): void {
  for (const engine of testEngines()) {
    describe(`${title} [${engine}]`, () => {
      let handle: DatabaseHandle | undefined;
      before(async () => {
        handle = await openTestDatabase(engine, options);
      });
      after(async () => {
        await handle?.close();
      });
      body(() => {
        if (!handle) throw new Error("database not open yet");
        return handle;
      });
    });
  }
}

/**
 * PostgreSQL: holds every connection of the database's pool but `leave`, for tests of what a busy pool changes;
 * gives them back when `work` ends. The embedded engine has no pool: `work` just runs.
 */
export async function withPoolBusy<T>(db: Kysely<any>, leave: number, work: () => Promise<T>): Promise<T> {
  const held: DedicatedSession[] = [];
  try {
    for (let session = await dedicatedSession(db, { spareOnly: true }); session; session = await dedicatedSession(db, { spareOnly: true })) {
      held.push(session);
    }
    for (const session of held.splice(0, leave)) await session.release();
    return await work();
  } finally {
    await Promise.all(held.map((session) => session.release()));
  }
}
