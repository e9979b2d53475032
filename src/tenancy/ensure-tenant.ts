import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";

/** Makes the tenant exist (an import into a new tenant starts it); true when it was created now. */
export async function ensureTenant(db: Kysely<Database>, tenantId: string, name?: string): Promise<boolean> {
  const inserted = await db
    .insertInto("tenants")
    .values({ id: tenantId, name: name ?? tenantId })
    .onConflict((oc) => oc.column("id").doNothing())
    .returning("id")
    .executeTakeFirst();
  return inserted !== undefined;
}
