import type { PGlite } from "@electric-sql/pglite";
import { Kysely, PostgresAdapter, PostgresDialect, PostgresIntrospector, PostgresQueryCompiler, type Dialect } from "kysely";
import pg from "pg";
import Cursor from "pg-cursor";
import type { Logger } from "pino";
import { lockDataDir } from "./data-dir-lock.ts";
import { rememberPool } from "./dedicated-session.ts";
import { PGliteDriver } from "./pglite-driver.ts";
import type { Database } from "./schema.ts";
import { SerializedDriver } from "./serialized-driver.ts";

export type Engine = "postgres" | "pglite";

export interface DatabaseOptions {
  /** postgres://… — uses PostgreSQL through pg and wins over dataDir. */
  databaseUrl?: string;
  /** Folder of the embedded PGlite database, or "memory://" for a throwaway one. */
  dataDir?: string;
  /** PGlite only: start a new database from this dump of another's data (PGlite's dumpDataDir). */
  loadDataDir?: Blob;
  /** Postgres only: work inside this schema (tests give each file its own). */
  schema?: string;
  /** Postgres pool size. */
  poolSize?: number;
  /** Postgres only: where a pooled connection lost while idle is reported. */
  logger?: Logger;
}

/** What a LISTEN needs: the embedded instance itself, or how to open a dedicated Postgres connection. */
export type NotificationSource = { engine: "pglite"; client: PGlite } | { engine: "postgres"; config: pg.ClientConfig };

export interface DatabaseHandle {
  db: Kysely<Database>;
  engine: Engine;
  /** Where the data lives, without credentials: for logs and /health. */
  location: string;
  schema?: string;
  /** For db/change-feed.ts. */
  notifications?: NotificationSource;
  close(): Promise<void>;
}

const DATE_OID = 1082;
const keepDateText = (value: string) => value;

function redact(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = "***";
  return parsed.toString();
}

/**
 * Session settings of every connection. JIT off: the API's queries are short, and with the GUIDRef subqueries their
 * estimated cost crosses jit_above_cost, so Postgres spent ~200 ms compiling a query that runs in a few.
 */
function sessionOptions(schema: string | undefined): string {
  return ["-c jit=off", ...(schema ? [`-c search_path=${schema}`] : [])].join(" ");
}

function openPostgres(url: string, schema: string | undefined, poolSize: number, logger: Logger | undefined): DatabaseHandle {
  const options = sessionOptions(schema);
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    options,
    types: {
      getTypeParser: ((oid: number, format?: "text" | "binary") =>
        oid === DATE_OID ? keepDateText : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  // An idle connection ended by the server (restart, failover, pg_terminate_backend) is an 'error' event on the pool;
  // unheard, it would crash the process. The pool has already dropped that client and opens a new one when asked.
  pool.on("error", (error) => logger?.warn({ err: error }, "an idle database connection was closed by the server; the pool opens a new one"));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool, cursor: Cursor }) });
  rememberPool(db, pool);
  return {
    db,
    engine: "postgres",
    location: redact(url),
    ...(schema ? { schema } : {}),
    notifications: { engine: "postgres", config: { connectionString: url, options } },
    close: () => db.destroy(),
  };
}

async function openPGlite(dataDir: string, loadDataDir: Blob | undefined): Promise<DatabaseHandle> {
  const inMemory = dataDir.startsWith("memory://");
  const unlock = inMemory ? () => {} : lockDataDir(dataDir);
  try {
    // Loaded only here: a Postgres process never needs the embedded engine.
    const { PGlite } = await import("@electric-sql/pglite");
    const client = await PGlite.create(dataDir, { parsers: { [DATE_OID]: keepDateText }, ...(loadDataDir ? { loadDataDir } : {}) });
    const dialect: Dialect = {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => new SerializedDriver(new PGliteDriver(client)),
      createIntrospector: (db) => new PostgresIntrospector(db),
      createQueryCompiler: () => new PostgresQueryCompiler(),
    };
    const db = new Kysely<Database>({ dialect });
    return {
      db,
      engine: "pglite",
      location: dataDir,
      notifications: { engine: "pglite", client },
      close: async () => {
        await db.destroy();
        // Kysely makes its driver at the first query, and only closes what it made.
        if (!client.closed) await client.close();
        unlock();
      },
    };
  } catch (error) {
    unlock();
    throw error;
  }
}

export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl, options.schema, options.poolSize ?? 10, options.logger);
  return openPGlite(options.dataDir ?? "./data", options.loadDataDir);
}
