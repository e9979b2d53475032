import type { Readable } from "node:stream";
import { sql, type CompiledQuery, type Kysely } from "kysely";
import pg from "pg";
import { copyCsvOut } from "./copy-csv-out.ts";
import { dedicatedSession } from "./dedicated-session.ts";
import type { Database } from "./schema.ts";

export interface SnapshotCopy {
  /** The rows as CSV (see copyCsvOut). Read it once; a failure before that is kept and given to whoever reads. */
  rows(): Readable;
  /** Ends the copy's transaction and gives its connection back; with an error (or unread rows), closes it. Once. */
  close(error?: Error): Promise<void>;
}

/** The id of `trx`'s snapshot, for copyInSnapshot. `trx` must be a repeatable read transaction, open while it is used. */
export async function exportSnapshot(trx: Kysely<Database>): Promise<string> {
  const { rows } = await sql<{ id: string }>`select pg_export_snapshot() as id`.execute(trx);
  return rows[0]!.id;
}

/**
 * Starts COPY of `query` on a connection of its own, in the snapshot of another transaction: PostgreSQL computes the
 * first rows (a sort, say) at once, and then waits on the connection until they are read. Undefined for the embedded
 * engine, which has one connection, and when the pool has no connection to spare (the caller holds one already).
 */
export async function copyInSnapshot(db: Kysely<Database>, snapshotId: string, query: CompiledQuery): Promise<SnapshotCopy | undefined> {
  const session = await dedicatedSession(db, { spareOnly: true });
  if (!session) return undefined;
  try {
    await session.client.query("begin isolation level repeatable read read only");
    await session.client.query(`set transaction snapshot ${pg.escapeLiteral(snapshotId)}`);
  } catch (error) {
    await session.release(error as Error);
    throw error;
  }
  const stream = copyCsvOut(session.client, query);
  let failure: Error | undefined;
  stream.once("error", (error) => (failure = error));
  let closed = false;
  return {
    rows: () => {
      if (failure) throw failure;
      return stream;
    },
    close: async (error) => {
      if (closed) return;
      closed = true;
      const reason = error ?? failure ?? (stream.readableEnded ? undefined : new Error("COPY not read to its end"));
      if (reason) return session.release(reason);
      try {
        await session.client.query("commit");
      } catch (commitError) {
        return session.release(commitError as Error);
      }
      await session.release();
    },
  };
}
