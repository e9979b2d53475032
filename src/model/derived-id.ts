import { hash } from "node:crypto";

/** Namespace of the sourcedIds importers derive for things their source has no stable id for. */
const IMPORT_NAMESPACE = "0f6b3c1e-9d2a-5e47-8c31-4b7a2e9d5f60";

/**
 * A stable sourcedId: UUIDv5 of (tenant, source, entity, key). The same inputs give the same id on every run, so a
 * consumer never sees the id of a derived record (a term, a homeroom course, an enrollment) change between nights.
 */
export function derivedSourcedId(tenantId: string, sourceId: string, entity: string, key: string): string {
  return uuidV5(`${tenantId}/${sourceId}/${entity}/${key}`);
}

let scratch = namespaced(256);

function namespaced(size: number): Buffer {
  const buffer = Buffer.alloc(size);
  buffer.write(IMPORT_NAMESPACE.replaceAll("-", ""), "hex");
  return buffer;
}

// The uuid package's v5 is RFC 9562's, but builds a Hash object, a byte array and a Buffer per call (~2 µs); a large
// import derives a million ids. This is the same digest, hashed from one reused buffer into hex (the test compares
// the two on random names).
const VARIANT_NIBBLE = "89ab89ab89ab89ab";

function uuidV5(name: string): string {
  if (scratch.length < 16 + name.length * 3) scratch = namespaced(16 + name.length * 3);
  const length = scratch.write(name, 16, "utf8");
  const hex = hash("sha1", scratch.subarray(0, 16 + length), "hex");
  const variant = VARIANT_NIBBLE[Number.parseInt(hex[16]!, 16)];
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
