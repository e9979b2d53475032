import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";

/** What is wrong with a list of school sourcedIds of a tenant (empty, unknown, not a school); undefined when nothing. */
export async function schoolListProblem(db: Kysely<Database>, tenantId: string, schools: readonly string[]): Promise<string | undefined> {
  if (schools.length === 0) return "name at least one school";
  const orgs = await db
    .selectFrom("orgs")
    .select(["sourced_id", "type"])
    .where("tenant_id", "=", tenantId)
    .where("sourced_id", "in", [...schools])
    .execute();
  for (const id of schools) {
    const org = orgs.find((o) => o.sourced_id === id);
    if (!org) return `unknown school "${id}" in tenant "${tenantId}"`;
    if (org.type !== "school") return `org "${id}" of tenant "${tenantId}" is a ${org.type}, not a school`;
  }
  return undefined;
}
