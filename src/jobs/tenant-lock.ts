import { createHash } from "node:crypto";
import { sql, type Kysely } from "kysely";
import type { DatabaseHandle } from "../../db/connection.ts";
import type { Database } from "../../db/schema.ts";

/** Another import or export of the tenant is running (in this process or another replica): refused, not queued. */
export class TenantBusyError extends Error {
  constructor(
    readonly tenantId: string,
    readonly purpose: string,
    /** What holds the lock, when it could be learnt (e.g. "import sis, started 2026-11-25T02:00:00.000Z"). */
    readonly heldBy?: string,
  ) {
    super(
      `Tenant "${tenantId}" is busy: another import/export run is in progress${heldBy ? ` (${heldBy})` : ""}; ` +
        `not starting ${purpose}. Try again when it has finished.`,
    );
    this.name = "TenantBusyError";
  }
}

/** Runs of this process per database and tenant (purpose by tenant id): refused at once, without a connection. */
const heldHere = new WeakMap<Kysely<Database>, Map<string, string>>();

/**
 * The advisory lock key of a tenant: the first 8 bytes of a SHA-256, as a signed bigint. Stable across processes and
 * versions. The schema is part of it so that tenants of the same name in different schemas (tests) stay apart.
 */
export function tenantLockKey(tenantId: string, schema?: string): bigint {
  const digest = createHash("sha256").update(`oneroster:tenant-run:${schema ?? ""}:${tenantId}`).digest();
  return digest.readBigInt64BE(0);
}

/** Best effort: the running import or export of the tenant, as recorded in its run tables. */
async function describeRunningRun(db: Kysely<Database>, tenantId: string): Promise<string | undefined> {
  try {
    const [importRun, exportRun] = await Promise.all([
      db
        .selectFrom("sync_runs")
        .select(["source_id as name", "started_at"])
        .where("tenant_id", "=", tenantId)
        .where("status", "=", "running")
        .orderBy("started_at", "desc")
        .limit(1)
        .executeTakeFirst(),
      db
        .selectFrom("export_runs")
        .select(["target_id as name", "started_at"])
        .where("tenant_id", "=", tenantId)
        .where("status", "=", "running")
        .orderBy("started_at", "desc")
        .limit(1)
        .executeTakeFirst(),
    ]);
    const running = [
      ...(importRun ? [{ what: `import ${importRun.name}`, startedAt: new Date(importRun.started_at) }] : []),
      ...(exportRun ? [{ what: `export ${exportRun.name}`, startedAt: new Date(exportRun.started_at) }] : []),
    ].sort((a, b) => b.startedAt.getTime() - a.startedAt.getTime())[0];
    return running ? `${running.what}, started ${running.startedAt.toISOString()}` : undefined;
  } catch {
    return undefined;
  }
}

async function withAdvisoryLock<T>(database: DatabaseHandle, tenantId: string, purpose: string, work: () => Promise<T>): Promise<T> {
  const key = tenantLockKey(tenantId, database.schema);
  // A session lock lives on one connection: that connection is kept out of the pool until the work is done (so runs
  // at once in one process must stay fewer than the pool's connections, or their work waits for a free one).
  return database.db.connection().execute(async (connection) => {
    const { rows } = await sql<{ locked: boolean }>`select pg_try_advisory_lock(${key}) as locked`.execute(connection);
    if (!rows[0]?.locked) throw new TenantBusyError(tenantId, purpose, await describeRunningRun(database.db, tenantId));
    try {
      return await work();
    } finally {
      await sql`select pg_advisory_unlock(${key})`.execute(connection);
    }
  });
}

/**
 * Runs `work` while holding the tenant's run lock, so two imports/exports of one tenant never run at once. When the lock
 * is held (by this process, or on Postgres by any process sharing the database) it throws TenantBusyError at once.
 */
export async function withTenantLock<T>(database: DatabaseHandle, tenantId: string, purpose: string, work: () => Promise<T>): Promise<T> {
  let held = heldHere.get(database.db);
  if (!held) heldHere.set(database.db, (held = new Map()));
  const holder = held.get(tenantId);
  if (holder !== undefined) throw new TenantBusyError(tenantId, purpose, `${holder}, in this process`);
  held.set(tenantId, purpose);
  try {
    // PGlite belongs to this one process, so the in-process lock is the whole lock there.
    return database.engine === "postgres" ? await withAdvisoryLock(database, tenantId, purpose, work) : await work();
  } finally {
    held.delete(tenantId);
  }
}
