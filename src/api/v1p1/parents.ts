import { sql, type Expression, type Kysely, type SqlBool } from "kysely";
import type { Database } from "../../../db/schema.ts";
import type { ApiClient } from "../auth/api-client.ts";
import { ApiError } from "../status-info.ts";
import { allOf, callerScope } from "./conditions.ts";
import { fromEntity, memoKey, type EntityDefinition } from "./entity.ts";
import { dataScopeOf, type ResponseCache } from "./response-cache.ts";

/** A record named in the path (e.g. the class of /classes/{id}/students) that must exist for the caller. */
export interface ParentCheck {
  entity: EntityDefinition;
  /** Path parameter holding its sourcedId. */
  param: string;
  /** How the spec names it in a message, e.g. "school". */
  label: string;
  /** Further conditions, e.g. a school is an org of type school. */
  where?: (params: Record<string, string>) => Expression<SqlBool>[];
}

export async function requireParents(
  db: Kysely<Database>,
  client: ApiClient,
  params: Record<string, string>,
  parents: readonly ParentCheck[],
  cache?: ResponseCache,
): Promise<void> {
  for (const parent of parents) {
    const id = params[parent.param] ?? "";
    const conditions = [...callerScope(parent.entity, client), sql<SqlBool>`e.sourced_id = ${id}`, ...(parent.where?.(params) ?? [])];
    const query = fromEntity(db, parent.entity).select(sql<number>`1`.as("found")).where(allOf(conditions));
    const check = async () => (await query.executeTakeFirst()) !== undefined;
    const found = cache ? await cache.exists(client.tenantId, dataScopeOf(parent.entity.type), memoKey(query), check) : await check();
    if (!found) throw new ApiError(404, "unknownobject", `${parent.label} '${id}' was not found`);
  }
}
