import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema.ts";
import { findClient, type ClientRecord } from "./clients.ts";
import type { SecretBox } from "./secret-box.ts";

export type KnownClient = ClientRecord & { secret: string };

/** How long a looked-up client is trusted; a revocation reaches every replica within this time. */
export const CLIENT_CACHE_MS = 30_000;

/**
 * Clients as the database had them at most CLIENT_CACHE_MS ago, so authenticated requests do not each cost a query.
 * Only clients that exist are kept: unknown ids (anyone can send one) never grow the cache.
 */
export function cachedClientLookup(
  db: Kysely<Database>,
  box: SecretBox,
  now: () => Date,
): (clientId: string) => Promise<KnownClient | undefined> {
  const cache = new Map<string, { client: KnownClient; fetchedAt: number }>();
  return async (clientId) => {
    const at = now().getTime();
    const hit = cache.get(clientId);
    if (hit && at - hit.fetchedAt < CLIENT_CACHE_MS) return hit.client;
    const client = await findClient(db, box, clientId);
    if (client) cache.set(clientId, { client, fetchedAt: at });
    else cache.delete(clientId);
    return client;
  };
}
