import type { PGlite } from "@electric-sql/pglite";
import { CompiledQuery, type DatabaseConnection, type Driver, type QueryResult } from "kysely";

/**
 * Kysely's driver for the embedded PGlite: one session, handed out as the only connection (SerializedDriver lets one
 * caller hold it at a time; CursorStreamingConnection adds streaming). Kysely's own Postgres adapter, compiler and
 * introspector do the rest. kysely-pglite's index pulled in its code generator and took ~1 s to load in every
 * process, and its driver left numAffectedRows unset, so updates and deletes reported 0 rows.
 */
export class PGliteDriver implements Driver {
  constructor(private readonly client: PGlite) {}

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    return new PGliteConnection(this.client);
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw("begin"));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw("commit"));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw("rollback"));
  }

  async releaseConnection(): Promise<void> {}

  async destroy(): Promise<void> {
    await this.client.close();
  }
}

class PGliteConnection implements DatabaseConnection {
  constructor(private readonly client: PGlite) {}

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    const result = await this.client.query<R>(compiledQuery.sql, [...compiledQuery.parameters]);
    const changed = ["INSERT", "UPDATE", "DELETE", "MERGE"].includes(result.command ?? "");
    return { rows: result.rows, ...(changed ? { numAffectedRows: BigInt(result.rowCount ?? result.affectedRows ?? 0) } : {}) };
  }

  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error("streaming goes through CursorStreamingConnection");
  }
}
