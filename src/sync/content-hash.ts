import { createHash } from "node:crypto";
import type { EntitySpec, Row } from "./entities.ts";
import type { EntityName } from "../model/canonical.ts";

/** JSON with object keys sorted, so jsonb (which reorders keys) and a fresh record serialise alike. */
export function stableJson(value: unknown): string {
  if (value === undefined || value === null) return "null";
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(stableJson).join(",")}]`;
  if (typeof value === "object") {
    const entries = Object.keys(value as object)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(",")}}`;
  }
  return JSON.stringify(value);
}

/**
 * A digest of everything a record says: its content columns and its child rows (as a set; ordinals are content).
 * The same digest is computed from stored rows and from incoming records, so equal digests mean "nothing changed".
 */
export function contentHash<E extends EntityName>(spec: EntitySpec<E>, row: Row, children: readonly Row[][]): string {
  const own = stableJson(spec.columns.map((c) => row[c]));
  const kids = spec.children.map((child, i) =>
    (children[i] ?? []).map((r) => stableJson(child.columns.map((c) => r[c]))).sort(),
  );
  return createHash("sha1").update(own).update(stableJson(kids)).digest("base64");
}
