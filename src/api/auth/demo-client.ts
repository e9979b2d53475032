import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema.ts";
import { createClient, findClient, type ClientCredentials } from "./clients.ts";
import { SCOPE_NAMES } from "./scopes.ts";
import type { SecretBox } from "./secret-box.ts";

export const DEMO_CLIENT_NAME = "demo client (npm start)";

/**
 * The demo tenant's ready-made client with every scope, made on first start and shown again on every start: it
 * exists only where the demo was seeded, so its secret being printed is the point, not a leak.
 */
export async function ensureDemoClient(db: Kysely<Database>, box: SecretBox, tenantId: string): Promise<ClientCredentials> {
  const existing = await db
    .selectFrom("api_clients")
    .select("client_id")
    .where("tenant_id", "=", tenantId)
    .where("name", "=", DEMO_CLIENT_NAME)
    .where("revoked_at", "is", null)
    .orderBy("created_at")
    .executeTakeFirst();
  const found = existing && (await findClient(db, box, existing.client_id));
  if (found) return { clientId: found.clientId, clientSecret: found.secret };
  return createClient(db, box, { tenantId, name: DEMO_CLIENT_NAME, scopes: SCOPE_NAMES, schoolSourcedIds: null });
}
