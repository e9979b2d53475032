import { sql, type Expression, type SqlBool } from "kysely";
import type { FilterNode, FilterOperator } from "./filter-parser.ts";

/** "list": a text[] of scalars (grades, subjects …): `=` means "contains the value", `~` searches the items. */
export type FilterFieldType = "string" | "date" | "datetime" | "number" | "boolean" | "list";

/** A filterable field of an entity: the column it reads (qualified, e.g. "orgs.name") and how values compare. */
export interface FilterField {
  column: string;
  type: FilterFieldType;
}

export type FilterFields = Readonly<Record<string, FilterField>>;

/** The filter names a field the entity does not have (OneRoster: invalid_filter_field). */
export class UnknownFilterFieldError extends Error {
  constructor(readonly field: string) {
    super(`filter: unknown field "${field}"`);
    this.name = "UnknownFilterFieldError";
  }
}

/** The value cannot be compared with the field (OneRoster: invaliddata). */
export class InvalidFilterValueError extends Error {
  constructor(
    readonly field: string,
    readonly value: string,
    reason: string,
  ) {
    super(`filter: ${field}: '${value}' ${reason}`);
    this.name = "InvalidFilterValueError";
  }
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATETIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** The value as a bound parameter of the field's type; never spliced into SQL text. */
function parameter(name: string, field: FilterField, value: string): Expression<unknown> {
  switch (field.type) {
    case "string":
    case "list":
      return sql`${value}`;
    case "date":
      if (!DATE.test(value) || Number.isNaN(Date.parse(value))) throw new InvalidFilterValueError(name, value, "is not a date (YYYY-MM-DD)");
      return sql`cast(${value} as date)`;
    case "datetime":
      if (!DATETIME.test(value) || Number.isNaN(Date.parse(value))) {
        throw new InvalidFilterValueError(name, value, "is not an ISO 8601 date-time");
      }
      return sql`cast(${value} as timestamptz)`;
    case "number": {
      const number = Number(value);
      if (value.trim() === "" || !Number.isFinite(number)) throw new InvalidFilterValueError(name, value, "is not a number");
      return sql`${number}`;
    }
    case "boolean":
      if (value !== "true" && value !== "false") throw new InvalidFilterValueError(name, value, "is not true or false");
      return sql`${value === "true"}`;
  }
}

function listComparison(name: string, field: FilterField, operator: FilterOperator, value: string): Expression<SqlBool> {
  const column = sql.ref(field.column);
  switch (operator) {
    case "=":
      return sql<SqlBool>`${value} = any(${column})`;
    case "!=":
      return sql<SqlBool>`not coalesce(${value} = any(${column}), false)`;
    case "~":
      return sql<SqlBool>`exists (select 1 from unnest(${column}) as item where strpos(lower(item), lower(${value})) > 0)`;
    default:
      throw new InvalidFilterValueError(name, value, `cannot be compared with ${operator}: ${name} is a list (use =, != or ~)`);
  }
}

function comparison(name: string, field: FilterField, operator: FilterOperator, value: string): Expression<SqlBool> {
  if (field.type === "list") return listComparison(name, field, operator, value);
  // Strings order by code point (collation "C"), the same on every server and locale.
  const column = field.type === "string" ? sql`${sql.ref(field.column)} collate "C"` : sql.ref(field.column);
  if (operator === "~") {
    // "Contains" reads the value as the API writes it: a date-time in ISO 8601 UTC, not Postgres's text form.
    const text =
      field.type === "datetime"
        ? sql`to_char(${sql.ref(field.column)} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`
        : sql`cast(${sql.ref(field.column)} as text)`;
    return sql<SqlBool>`strpos(lower(${text}), lower(${value})) > 0`;
  }
  const bound = parameter(name, field, value);
  switch (operator) {
    case "=":
      return sql<SqlBool>`${column} = ${bound}`;
    // A record without the value is "not equal" too.
    case "!=":
      return sql<SqlBool>`${column} is distinct from ${bound}`;
    case ">":
      return sql<SqlBool>`${column} > ${bound}`;
    case ">=":
      return sql<SqlBool>`${column} >= ${bound}`;
    case "<":
      return sql<SqlBool>`${column} < ${bound}`;
    case "<=":
      return sql<SqlBool>`${column} <= ${bound}`;
  }
}

/** Turns a parsed filter into a parameterised SQL condition over the entity's whitelisted fields. */
export function compileFilter(node: FilterNode, fields: FilterFields): Expression<SqlBool> {
  if (node.kind === "comparison") {
    const field = Object.hasOwn(fields, node.field) ? fields[node.field] : undefined;
    if (!field) throw new UnknownFilterFieldError(node.field);
    return comparison(node.field, field, node.operator, node.value);
  }
  const left = compileFilter(node.left, fields);
  const right = compileFilter(node.right, fields);
  return node.kind === "and" ? sql<SqlBool>`(${left} and ${right})` : sql<SqlBool>`(${left} or ${right})`;
}
