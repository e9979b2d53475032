import { sql, type Expression, type SqlBool } from "kysely";

/** What one export covers, checked (see request.ts). */
export interface ExportScope {
  tenantId: string;
  /** A delta export: the rows changed after this instant, whatever their status. Absent: a bulk export. */
  since?: Date;
  /** Only these schools' data, by the rules of a school-limited API client. Absent: the whole tenant. */
  schools?: readonly string[];
}

export const isDelta = (scope: ExportScope): boolean => scope.since !== undefined;

/**
 * The rows of a file (alias "e") in the scope: the tenant's, then active ones for a bulk file or those changed after
 * `since` for a delta, then the school rule of the file when the export is limited to schools.
 */
export function inScope(
  scope: ExportScope,
  schoolRule: ((schools: readonly string[]) => Expression<SqlBool>) | undefined,
): Expression<SqlBool> {
  const conditions: Expression<SqlBool>[] = [
    sql<SqlBool>`e.tenant_id = ${scope.tenantId}`,
    scope.since
      ? sql<SqlBool>`e.date_last_modified > cast(${scope.since.toISOString()} as timestamptz)`
      : sql<SqlBool>`e.status = 'active'`,
  ];
  if (scope.schools && schoolRule) conditions.push(schoolRule(scope.schools));
  return sql<SqlBool>`${sql.join(conditions, sql` and `)}`;
}
