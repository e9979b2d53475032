import { CompiledQuery, type DatabaseConnection, type QueryResult } from "kysely";

let cursorCount = 0;

/**
 * PGlite's kysely driver cannot stream. This connection streams with a SQL cursor (DECLARE … FETCH n) instead, so a
 * large result reaches the caller in chunks on the embedded engine exactly as it does through pg-cursor on Postgres.
 * A cursor lives in a transaction: the stream opens one unless the connection is already in one.
 */
export class CursorStreamingConnection implements DatabaseConnection {
  inTransaction = false;

  constructor(readonly inner: DatabaseConnection) {}

  executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    return this.inner.executeQuery<R>(compiledQuery);
  }

  async *streamQuery<R>(compiledQuery: CompiledQuery, chunkSize = 100): AsyncIterableIterator<QueryResult<R>> {
    const cursor = `kysely_stream_${++cursorCount}`;
    const ownTransaction = !this.inTransaction;
    if (ownTransaction) await this.inner.executeQuery(CompiledQuery.raw("begin"));
    let finished = false;
    try {
      await this.inner.executeQuery(
        CompiledQuery.raw(`declare ${cursor} no scroll cursor for ${compiledQuery.sql}`, [...compiledQuery.parameters]),
      );
      const fetch = CompiledQuery.raw(`fetch ${Math.max(1, Math.floor(chunkSize))} from ${cursor}`);
      for (;;) {
        const result = await this.inner.executeQuery<R>(fetch);
        if (result.rows.length === 0) break;
        yield { rows: result.rows };
      }
      finished = true;
    } finally {
      if (ownTransaction) await this.inner.executeQuery(CompiledQuery.raw(finished ? "commit" : "rollback"));
      else await this.inner.executeQuery(CompiledQuery.raw(`close ${cursor}`)).catch(() => undefined);
    }
  }
}
