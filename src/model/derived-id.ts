import { parse, v5 } from "uuid";

/** Namespace of the sourcedIds importers derive for things their source has no stable id for. */
const IMPORT_NAMESPACE = parse("0f6b3c1e-9d2a-5e47-8c31-4b7a2e9d5f60");

/**
 * A stable sourcedId: UUIDv5 of (tenant, source, entity, key). The same inputs give the same id on every run, so a
 * consumer never sees the id of a derived record (a term, a homeroom course, an enrollment) change between nights.
 */
export function derivedSourcedId(tenantId: string, sourceId: string, entity: string, key: string): string {
  // Bytes rather than a string: uuid's own UTF-8 conversion is a per-character loop, and a large import derives a
  // million of these.
  return v5(Buffer.from(`${tenantId}/${sourceId}/${entity}/${key}`, "utf8"), IMPORT_NAMESPACE);
}
