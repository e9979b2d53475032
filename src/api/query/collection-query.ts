import { ApiError, warning, type StatusInfo } from "../status-info.ts";
import { FilterSyntaxError, parseFilter, type FilterNode } from "./filter-parser.ts";

export const DEFAULT_LIMIT = 100;
export const DEFAULT_MAX_LIMIT = 10_000;

/** The paging, sorting, selection and filter of a collection request, as the OneRoster 1.1 binding defines them. */
export interface CollectionQuery {
  limit: number;
  offset: number;
  sort: { field: string; direction: "asc" | "desc" } | null;
  /** Fields to return; null = all. */
  fields: string[] | null;
  filter: FilterNode | null;
  /** Parts that were ignored, reported beside the data. */
  warnings: StatusInfo[];
}

type Params = Record<string, unknown>;

function single(params: Params, name: string): string | undefined {
  const value = params[name];
  if (value === undefined) return undefined;
  // The OpenAPI validator in front may already have coerced a number.
  if (typeof value === "number") return String(value);
  if (typeof value !== "string") throw new ApiError(400, "invaliddata", `${name} must be given once`);
  return value;
}

function wholeNumber(params: Params, name: string, fallback: number, minimum: number): number {
  const text = single(params, name);
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text) || Number(text) < minimum || !Number.isSafeInteger(Number(text))) {
    throw new ApiError(400, "invaliddata", `${name} must be a whole number of at least ${minimum}, not '${text}'`);
  }
  return Number(text);
}

/** The `fields` parameter: the known fields asked for (null = all), with a warning per unknown one. */
export function readFieldSelection(params: Params, selectable: ReadonlySet<string>, warnings: StatusInfo[]): string[] | null {
  const fieldList = single(params, "fields");
  if (fieldList === undefined) return null;
  const requested = fieldList.split(",").map((f) => f.trim()).filter((f) => f !== "");
  const unknown = requested.filter((f) => !selectable.has(f));
  for (const field of unknown) warnings.push(warning("invalid_selection_field", `fields: unknown field '${field}' is left out`));
  const known = [...new Set(requested.filter((f) => selectable.has(f)))];
  return known.length > 0 ? known : null;
}

/**
 * Reads the query parameters of a collection request. `selectable` are the entity's field names, `sortable` those it
 * can be sorted by (default: the same); sorting by or selecting an unknown field is ignored with a warning (1.1
 * behaviour), an unreadable filter or paging value is a 400. A limit above the server's maximum is served as the maximum.
 */
export function readCollectionQuery(
  params: Params,
  selectable: ReadonlySet<string>,
  maxLimit: number = DEFAULT_MAX_LIMIT,
  sortable: ReadonlySet<string> = selectable,
): CollectionQuery {
  const warnings: StatusInfo[] = [];
  const limit = Math.min(wholeNumber(params, "limit", DEFAULT_LIMIT, 1), maxLimit);
  const offset = wholeNumber(params, "offset", 0, 0);

  const orderBy = single(params, "orderBy");
  if (orderBy !== undefined && orderBy !== "asc" && orderBy !== "desc") {
    throw new ApiError(400, "invaliddata", `orderBy must be asc or desc, not '${orderBy}'`);
  }
  let sort: CollectionQuery["sort"] = null;
  const sortField = single(params, "sort");
  if (sortField !== undefined) {
    if (sortable.has(sortField)) sort = { field: sortField, direction: orderBy ?? "asc" };
    else warnings.push(warning("invalid_sort_field", `sort: unknown field '${sortField}'; the data is not sorted by it`));
  }

  const fields = readFieldSelection(params, selectable, warnings);

  let filter: FilterNode | null = null;
  const filterText = single(params, "filter");
  if (filterText !== undefined) {
    try {
      filter = parseFilter(filterText);
    } catch (error) {
      if (error instanceof FilterSyntaxError) throw new ApiError(400, "invalid_filter_field", error.message);
      throw error;
    }
  }
  return { limit, offset, sort, fields, filter, warnings };
}
