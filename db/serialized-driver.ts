import type { DatabaseConnection, Driver, TransactionSettings } from "kysely";
import { CursorStreamingConnection } from "./cursor-streaming-connection.ts";

/**
 * PGlite is one session. kysely-pglite hands out that same session as every "connection", so two concurrent
 * transactions would interleave their statements. This driver lets one connection out at a time, which makes a
 * transaction exclusive exactly as it is on a pooled Postgres connection.
 */
export class SerializedDriver implements Driver {
  readonly #inner: Driver;
  #tail: Promise<void> = Promise.resolve();
  readonly #releases = new Map<DatabaseConnection, { inner: DatabaseConnection; release: () => void }>();

  constructor(inner: Driver) {
    this.#inner = inner;
  }

  init(): Promise<void> {
    return this.#inner.init();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    let release!: () => void;
    const previous = this.#tail;
    this.#tail = new Promise<void>((resolve) => (release = resolve));
    await previous;
    const inner = await this.#inner.acquireConnection();
    const connection = new CursorStreamingConnection(inner);
    this.#releases.set(connection, { inner, release });
    return connection;
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    const held = this.#releases.get(connection);
    try {
      await this.#inner.releaseConnection(held?.inner ?? connection);
    } finally {
      held?.release();
      this.#releases.delete(connection);
    }
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    await this.#inner.beginTransaction(connection, settings);
    (connection as CursorStreamingConnection).inTransaction = true;
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    (connection as CursorStreamingConnection).inTransaction = false;
    await this.#inner.commitTransaction(connection);
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    (connection as CursorStreamingConnection).inTransaction = false;
    await this.#inner.rollbackTransaction(connection);
  }

  destroy(): Promise<void> {
    return this.#inner.destroy();
  }
}
