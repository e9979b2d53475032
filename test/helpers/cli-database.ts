import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase, type DatabaseHandle, type Engine } from "../../db/connection.ts";
import { adminStatement } from "./postgres-admin.ts";

/**
 * The database one CLI test file runs its `oneroster` processes against, seen by no other file:
 * - with TEST_DATABASE_URL (CI): a fresh PostgreSQL database `oneroster_cli_<hex>` on that server, made in setUp() and
 *   dropped in tearDown(). A CLI process opens it ~0.8 s of CPU faster than an embedded one.
 * - without it (a developer without Postgres): an embedded PGlite in a temp folder, removed in tearDown().
 *
 * Tests about the embedded database itself (DATA_DIR, its lock, secret.key) do not use this: they set DATA_DIR.
 */
export interface CliDatabase {
  readonly engine: Engine;
  /** What the CLI prints for it, e.g. in `check`: "pglite (/tmp/…/data)" or "postgres (postgres://…/oneroster_cli_…)". */
  readonly description: string;
  /** Creates the database (Postgres) or the temp folder (PGlite). Call in before(). */
  setUp(): Promise<void>;
  /** Closes what open() opened and is still open, then drops the database / removes the folder. Call in after(). */
  tearDown(): Promise<void>;
  /**
   * The environment that points a CLI process at it: { DATABASE_URL, ONEROSTER_SECRET_KEY } or { DATA_DIR }.
   * Passed to runCli/startCli it wins over their DATABASE_URL: "" default.
   */
  env(): Record<string, string>;
  /** A handle on the same database for the test's own look (Postgres: a pool of 1); the test closes it. */
  open(): Promise<DatabaseHandle>;
}

export function cliDatabase(prefix = "oneroster-cli-"): CliDatabase {
  const adminUrl = process.env.TEST_DATABASE_URL;
  const opened = new Set<DatabaseHandle>();
  const track = (handle: DatabaseHandle): DatabaseHandle => {
    opened.add(handle);
    return {
      ...handle,
      close: async () => {
        if (opened.delete(handle)) await handle.close();
      },
    };
  };
  const closeOpened = async () => {
    await Promise.all([...opened].map((handle) => handle.close()));
    opened.clear();
  };

  if (!adminUrl) {
    let folder: string | undefined;
    const dataDir = () => {
      if (!folder) throw new Error("cliDatabase: setUp() has not run");
      return join(folder, "data");
    };
    return {
      engine: "pglite",
      get description() {
        return `pglite (${dataDir()})`;
      },
      setUp: async () => {
        folder = await mkdtemp(join(tmpdir(), prefix));
      },
      tearDown: async () => {
        await closeOpened();
        if (folder) await rm(folder, { recursive: true, force: true });
      },
      env: () => ({ DATA_DIR: dataDir() }),
      open: async () => track(await openDatabase({ dataDir: dataDir() })),
    };
  }

  const name = `oneroster_cli_${randomBytes(6).toString("hex")}`;
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  // As db/connection.ts names it: without the password.
  if (url.password) url.password = "***";
  const secretKey = randomBytes(32).toString("base64");
  const admin = (statement: string) => adminStatement(adminUrl, statement);
  let created = false;
  return {
    engine: "postgres",
    description: `postgres (${url.toString()})`,
    setUp: async () => {
      await admin(`create database ${name}`);
      created = true;
    },
    tearDown: async () => {
      await closeOpened();
      if (created) await admin(`drop database if exists ${name} with (force)`);
      created = false;
    },
    env: () => ({ DATABASE_URL: databaseUrl, ONEROSTER_SECRET_KEY: secretKey }),
    open: async () => track(await openDatabase({ databaseUrl, poolSize: 1 })),
  };
}
