import { Kysely, PostgresDialect, type PostgresPoolClient } from "kysely";
import type pg from "pg";
import Cursor from "pg-cursor";
import type { Database } from "./schema.ts";

const pools = new WeakMap<Kysely<Database>, pg.Pool>();

/** Called by openDatabase for PostgreSQL: lets dedicatedSession find the pool behind a Kysely instance. */
export function rememberPool(db: Kysely<Database>, pool: pg.Pool): void {
  pools.set(db, pool);
}

export interface DedicatedSession {
  /** Kysely on this one connection. */
  db: Kysely<Database>;
  /** The same connection, for what Kysely cannot say (COPY). */
  client: pg.PoolClient;
  /** Gives the connection back to the pool; with an error, closes it instead (its state is unknown). */
  release(error?: Error): Promise<void>;
}

/**
 * One connection of a PostgreSQL database's pool, held until released, both as a Kysely instance and as the pg client
 * itself. Undefined for the embedded engine (and for a Kysely instance openDatabase did not make).
 *
 * `spareOnly`: undefined, rather than a wait, when the pool has no connection to spare at once. A caller that already
 * holds a connection and wants a second must ask so: callers doing that could otherwise hold every connection of the
 * pool, each waiting for another.
 */
export async function dedicatedSession(db: Kysely<Database>, { spareOnly = false } = {}): Promise<DedicatedSession | undefined> {
  const pool = pools.get(db);
  if (!pool) return undefined;
  if (spareOnly && pool.idleCount === 0 && pool.totalCount >= (pool.options.max ?? 10)) return undefined;
  const client = await pool.connect();
  // Kysely releases its connection after every statement outside a transaction: this one stays ours until release().
  const held: PostgresPoolClient = { query: client.query.bind(client) as PostgresPoolClient["query"], release: () => {} };
  const session = new Kysely<Database>({
    dialect: new PostgresDialect({ pool: { connect: async () => held, end: async () => {} }, cursor: Cursor }),
  });
  return {
    db: session,
    client,
    release: async (error) => {
      await session.destroy();
      client.release(error ?? false);
    },
  };
}
