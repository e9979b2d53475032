import { sql, type Expression, type SqlBool } from "kysely";
import { ApiError } from "../status-info.ts";
import type { ApiClient } from "../auth/api-client.ts";
import { compileFilter, InvalidFilterValueError, UnknownFilterFieldError } from "../query/filter-compiler.ts";
import type { FilterNode } from "../query/filter-parser.ts";
import type { EntityDefinition } from "./entity.ts";

export function allOf(conditions: readonly Expression<SqlBool>[]): Expression<SqlBool> {
  return conditions.length === 0 ? sql<SqlBool>`true` : sql<SqlBool>`${sql.join(conditions, sql` and `)}`;
}

/** The caller's tenant and, for a school-limited client, its schools. */
export function callerScope(entity: EntityDefinition, client: ApiClient): Expression<SqlBool>[] {
  const scope: Expression<SqlBool>[] = [sql<SqlBool>`e.tenant_id = ${client.tenantId}`];
  if (client.schoolSourcedIds !== null && entity.visibleInSchools) scope.push(entity.visibleInSchools(client.schoolSourcedIds));
  return scope;
}

/** The filter as SQL over the entity's fields, with the spec's status codes for what cannot be compiled. */
export function filterCondition(entity: EntityDefinition, filter: FilterNode): Expression<SqlBool> {
  try {
    return compileFilter(filter, entity.fields);
  } catch (error) {
    if (error instanceof UnknownFilterFieldError) throw new ApiError(400, "invalid_filter_field", error.message);
    if (error instanceof InvalidFilterValueError) throw new ApiError(400, "invaliddata", error.message);
    throw error;
  }
}
