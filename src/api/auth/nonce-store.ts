import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema.ts";
import type { Logger } from "../../log/logger.ts";

/** Longer than the ±5 min timestamp window on either side, so a nonce is remembered as long as its request is fresh. */
export const NONCE_LIFETIME_MS = 10 * 60_000;
const CLEANUP_EVERY_MS = 60_000;

/**
 * The OAuth 1.0a replay store: `use(clientId, nonce)` is true the first time a nonce is seen and false for a replay.
 * It lives in the database so every API replica sees the same nonces.
 */
export function nonceStore(db: Kysely<Database>, now: () => Date, logger: Logger): (clientId: string, nonce: string) => Promise<boolean> {
  let lastCleanup = 0;
  return async (clientId, nonce) => {
    const at = now();
    if (at.getTime() - lastCleanup >= CLEANUP_EVERY_MS) {
      lastCleanup = at.getTime();
      try {
        await db.deleteFrom("oauth_nonces").where("expires_at", "<", at).execute();
      } catch (error) {
        logger.warn({ err: error }, "could not delete expired OAuth 1.0a nonces");
      }
    }
    const inserted = await db
      .insertInto("oauth_nonces")
      .values({ client_id: clientId, nonce, expires_at: new Date(at.getTime() + NONCE_LIFETIME_MS) })
      .onConflict((oc) => oc.columns(["client_id", "nonce"]).doNothing())
      .returning("nonce")
      .executeTakeFirst();
    return inserted !== undefined;
  };
}
