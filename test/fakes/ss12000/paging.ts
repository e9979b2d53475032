/**
 * Opaque page tokens. A token carries the filters of the first request (SS 12000 refuses filters beside a pageToken),
 * the id the previous page ended on and the number of the page it opens, which faults use to target "page n".
 * Keyset paging on id means a walk visits every object that exists throughout it exactly once, whatever changes.
 */
export interface ListQuery {
  createdAfter?: number;
  createdBefore?: number;
  modifiedAfter?: number;
  modifiedBefore?: number;
  expand: string[];
  /** Resource filters such as `organisation` or `groupType`, each with the values any of which may match. */
  filters?: Record<string, string[]>;
  expandReferenceNames?: boolean;
  /** `/deletedEntities` only. */
  after?: number;
  entities?: string[];
}

export interface Cursor {
  page: number;
  /** Collections: the id the previous page ended on. `/deletedEntities`: the log offset to resume at. */
  position: string | number;
  query: ListQuery;
  route: string;
}

export function encodeToken(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString("base64url");
}

export function decodeToken(token: string): Cursor | undefined {
  try {
    const value = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as Partial<Cursor>;
    if (typeof value.page !== "number" || typeof value.route !== "string" || typeof value.query !== "object" || value.position === undefined) return undefined;
    return value as Cursor;
  } catch {
    return undefined;
  }
}

/** The page after `afterId` of items sorted by id, and the id the next page starts after (none when done). */
export function pageAfter<T extends { id: string }>(items: T[], afterId: string | undefined, limit: number | undefined): { page: T[]; last?: string } {
  let start = 0;
  if (afterId !== undefined) {
    // The first item whose id sorts after afterId (items are sorted by id).
    let high = items.length;
    while (start < high) {
      const middle = (start + high) >>> 1;
      if (items[middle]!.id > afterId) high = middle;
      else start = middle + 1;
    }
  }
  if (start >= items.length) return { page: [] };
  const page = limit === undefined ? items.slice(start) : items.slice(start, start + limit);
  const more = start + page.length < items.length;
  return more ? { page, last: page.at(-1)!.id } : { page };
}

/** The page number a request asks for: 1 without a token, the token's page otherwise. */
export function pageOf(query: Record<string, unknown>): number | undefined {
  const token = query.pageToken;
  if (token === undefined) return 1;
  return typeof token === "string" ? decodeToken(token)?.page : undefined;
}
