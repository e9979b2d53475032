import { sql } from "kysely";
import pg from "pg";
import type { Logger } from "pino";
import type { DatabaseHandle, NotificationSource } from "./connection.ts";

/** The channel the change-feed triggers (migration 2026-11-25T0210-change-feed) notify on. */
export const CHANGE_CHANNEL = "oneroster_changes";

/** Rows of a tenant changed; tenant null = anything may have changed (a TRUNCATE, or notifications were missed). */
export interface Change {
  tenant: string | null;
  table: string | null;
}

export interface ChangeFeed {
  /** Calls the listener on every change until the returned function is called. */
  subscribe(listener: (change: Change) => void): () => void;
  /**
   * False while the feed cannot promise to report changes (its Postgres connection is down); a cache must not serve
   * or store entries then. A reconnect reports an "anything changed" before it turns true again.
   */
  readonly live: boolean;
  close(): Promise<void>;
}

export interface ChangeFeedOptions {
  logger?: Logger;
  /** First wait before reconnecting a dropped Postgres connection; doubles up to 30 s. */
  reconnectDelayMs?: number;
  /** application_name of the Postgres listener connection (pg_stat_activity). */
  applicationName?: string;
}

const MAX_RECONNECT_DELAY_MS = 30_000;
const ANYTHING: Change = { tenant: null, table: null };

/** The change in a notification's payload if it is about this schema's tables. */
function parsePayload(payload: string | undefined, schema: string): Change | undefined {
  try {
    const parsed = JSON.parse(payload ?? "") as { schema?: unknown; table?: unknown; tenant?: unknown };
    if (parsed.schema !== schema) return undefined;
    return { tenant: typeof parsed.tenant === "string" ? parsed.tenant : null, table: typeof parsed.table === "string" ? parsed.table : null };
  } catch {
    return ANYTHING;
  }
}

/** The listeners, and how the engine's listener feeds them. */
class Subscribers {
  readonly #listeners = new Set<(change: Change) => void>();

  constructor(private readonly logger?: Logger) {}

  add(listener: (change: Change) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  emit(change: Change): void {
    for (const listener of this.#listeners) {
      try {
        listener(change);
      } catch (error) {
        this.logger?.error({ err: error }, "change feed listener failed");
      }
    }
  }
}

async function pgliteFeed(source: Extract<NotificationSource, { engine: "pglite" }>, schema: string, subscribers: Subscribers): Promise<ChangeFeed> {
  const unlisten = await source.client.listen(CHANGE_CHANNEL, (payload) => {
    const change = parsePayload(payload, schema);
    if (change) subscribers.emit(change);
  });
  let live = true;
  return {
    subscribe: (listener) => subscribers.add(listener),
    get live() {
      return live;
    },
    close: async () => {
      live = false;
      await unlisten().catch(() => undefined); // the instance may be closed already
    },
  };
}

/** A dedicated connection that LISTENs, and reconnects (with backoff) when it drops. */
class PostgresFeed implements ChangeFeed {
  #client: pg.Client | undefined;
  #closed = false;
  #delay: number;
  #timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly config: pg.ClientConfig,
    private readonly schema: string,
    private readonly subscribers: Subscribers,
    private readonly options: ChangeFeedOptions,
  ) {
    this.#delay = options.reconnectDelayMs ?? 500;
  }

  get live(): boolean {
    return this.#client !== undefined;
  }

  subscribe(listener: (change: Change) => void): () => void {
    return this.subscribers.add(listener);
  }

  async connect(): Promise<void> {
    const client = new pg.Client(this.config);
    client.on("notification", (message) => {
      if (message.channel !== CHANGE_CHANNEL) return;
      const change = parsePayload(message.payload, this.schema);
      if (change) this.subscribers.emit(change);
    });
    client.on("error", (error) => this.#dropped(client, error));
    client.on("end", () => this.#dropped(client, undefined));
    try {
      await client.connect();
      await client.query(`listen ${CHANGE_CHANNEL}`);
    } catch (error) {
      client.removeAllListeners();
      await client.end().catch(() => undefined);
      throw error;
    }
    if (this.#closed) {
      await client.end().catch(() => undefined);
      return;
    }
    this.#client = client;
    this.#delay = this.options.reconnectDelayMs ?? 500;
  }

  #dropped(client: pg.Client, error: Error | undefined): void {
    if (this.#closed || this.#client !== client) return;
    this.#client = undefined;
    client.removeAllListeners("notification");
    client.end().catch(() => undefined);
    this.options.logger?.warn({ err: error }, "change feed connection lost; reconnecting");
    this.#scheduleReconnect();
  }

  #scheduleReconnect(): void {
    if (this.#closed) return;
    const delay = this.#delay;
    this.#delay = Math.min(this.#delay * 2, MAX_RECONNECT_DELAY_MS);
    this.#timer = setTimeout(() => {
      this.connect().then(
        () => {
          this.options.logger?.info("change feed reconnected");
          // Whatever changed while the connection was down was never reported.
          this.subscribers.emit(ANYTHING);
        },
        (error: unknown) => {
          this.options.logger?.warn({ err: error, retryInMs: this.#delay }, "change feed reconnect failed");
          this.#scheduleReconnect();
        },
      );
    }, delay);
    this.#timer.unref();
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#timer);
    const client = this.#client;
    this.#client = undefined;
    if (client) {
      client.removeAllListeners();
      client.on("error", () => undefined);
      await client.end().catch(() => undefined);
    }
  }
}

/**
 * Reports committed changes of the database's roster, gradebook and resource rows, from this process or any other
 * (an importer, another replica), on both engines: a LISTEN on a dedicated Postgres connection, or PGlite's listen.
 */
export async function openChangeFeed(database: DatabaseHandle, options: ChangeFeedOptions = {}): Promise<ChangeFeed> {
  const source = database.notifications;
  if (!source) throw new Error("this database handle cannot listen for notifications");
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(database.db);
  const schema = rows[0]?.schema ?? "public";
  const subscribers = new Subscribers(options.logger);
  if (source.engine === "pglite") return pgliteFeed(source, schema, subscribers);
  const config = { ...source.config, application_name: options.applicationName ?? "oneroster-change-feed" };
  const feed = new PostgresFeed(config, schema, subscribers, options);
  await feed.connect();
  return feed;
}
