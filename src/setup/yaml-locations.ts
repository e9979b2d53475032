import { isMap, isPair, isScalar, isSeq, LineCounter, type Document, type Node } from "yaml";

/** A YAML path as zod gives it: keys and array indexes. */
export type SetupPath = ReadonlyArray<PropertyKey>;

/** `tenants[0].sources[1].settings.url`, the form every setup message names a place by. */
export function formatPath(path: SetupPath): string {
  let text = "";
  for (const part of path) text += typeof part === "number" ? `[${part}]` : text === "" ? String(part) : `.${String(part)}`;
  return text === "" ? "(top level)" : text;
}

/**
 * The line a path starts on: the key's line for a mapping entry, the item's line for a list item. For a path the file
 * does not hold (a missing key), the line of the deepest part that exists, so "missing id" points at its tenant.
 */
export function lineOf(doc: Document, lines: LineCounter, path: SetupPath): number {
  let node: unknown = doc.contents;
  let offset = (doc.contents as Node | null)?.range?.[0] ?? 0;
  for (const part of path) {
    if (isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(part));
      if (!pair) break;
      offset = (pair.key as Node).range?.[0] ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof part === "number" && node.items[part] !== undefined) {
      node = node.items[part];
      offset = (node as Node).range?.[0] ?? offset;
    } else break;
  }
  return lines.linePos(offset).line;
}

export { LineCounter };
