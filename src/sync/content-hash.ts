import { hash } from "node:crypto";
import type { EntitySpec, Row } from "./entities.ts";
import type { EntityName } from "../model/canonical.ts";

/** JSON with object keys sorted, so jsonb (which reorders keys) and a fresh record serialise alike. */
export function stableJson(value: unknown): string {
  // Most values hold no object with keys: then one native JSON.stringify call writes the very same text.
  return hasKeys(value) ? sortedJson(value) : (JSON.stringify(value) ?? "null");
}

/** Whether the value is or holds an object other than an array or a date. */
function hasKeys(value: unknown): boolean {
  if (typeof value !== "object" || value === null || value instanceof Date) return false;
  if (!Array.isArray(value)) return true;
  for (let i = 0; i < value.length; i++) if (hasKeys(value[i])) return true;
  return false;
}

function sortedJson(value: unknown): string {
  if (value === undefined || value === null) return "null";
  if (typeof value !== "object") return JSON.stringify(value);
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  // Loops rather than map/join: this runs for every value of every record of a large import.
  if (Array.isArray(value)) {
    let out = "[";
    for (let i = 0; i < value.length; i++) out += (i === 0 ? "" : ",") + sortedJson(value[i]);
    return `${out}]`;
  }
  const keys = Object.keys(value).sort();
  let out = "{";
  for (let i = 0; i < keys.length; i++) {
    out += `${i === 0 ? "" : ","}${JSON.stringify(keys[i])}:${sortedJson((value as Record<string, unknown>)[keys[i]!])}`;
  }
  return `${out}}`;
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
  // One-shot hash of the concatenation: the same digest as updating with each part, without a Hash object per record.
  return hash("sha1", own + stableJson(kids), "base64");
}
