import { readFile } from "node:fs/promises";
import type { Problem } from "./file-error.ts";
import type { Mapping } from "./mapping.ts";
import type { SourceRecord } from "./source-record.ts";
import { decodeText, TextDecodingError } from "./text-decoding.ts";

type XmlNode = { [name: string]: XmlNode[] | string } | string;

interface Located {
  node: XmlNode;
  /** Ancestors, nearest last. */
  parents: XmlNode[];
  where: string;
}

/** A parsed XML document, validated first so a broken or truncated file is one problem with its line. */
export class XmlDocument {
  private constructor(readonly root: XmlNode) {}

  static async read(path: string, name: string, mapping: Mapping, problems: Problem[]): Promise<XmlDocument | undefined> {
    const fail = (line: number, why: string) => {
      problems.push({ file: name, line, column: "(xml)", why });
      return undefined;
    };
    let bytes: Buffer;
    try {
      bytes = await readFile(path);
    } catch (error) {
      return fail(0, (error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : String(error));
    }
    let text: string;
    try {
      text = decodeText(bytes, mapping.encoding === "auto" ? declaredEncoding(bytes) : mapping.encoding).text;
    } catch (error) {
      if (error instanceof TextDecodingError) return fail(error.line, error.why);
      throw error;
    }
    const { XMLParser, XMLValidator } = await import("fast-xml-parser"); // loaded on use, like every file format's parser
    const valid = XMLValidator.validate(text);
    if (valid !== true) {
      const lastLine = text.trimEnd().split("\n").length;
      const unclosed = /^Invalid '\[(.*)\]' found\.$/.exec(valid.err.msg) ?? /^Unclosed tag '([^']+)'/.exec(valid.err.msg);
      if (unclosed) {
        const tags = [...unclosed[1]!.matchAll(/"([^"]+)"/g)].map((m) => m[1]!);
        const names = (tags.length > 0 ? tags : [unclosed[1]!]).map((t) => `</${t}>`).reverse();
        return fail(lastLine, `the file ends before ${names.join(", ")} (truncated?)`);
      }
      if (!text.trimEnd().endsWith(">")) return fail(lastLine, "the file ends in the middle of a tag (truncated?)");
      return fail(valid.err.line, `not well-formed XML: ${valid.err.msg} (column ${valid.err.col})`);
    }
    const parser = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: "@",
      parseTagValue: false,
      parseAttributeValue: false,
      trimValues: true,
      processEntities: true,
      isArray: (_name, _path, _leaf, isAttribute) => !isAttribute,
    });
    return new XmlDocument(parser.parse(text) as XmlNode);
  }

  /** Every element at `path` (element names from the document element down, "/"-separated), with its ancestors. */
  records(path: string): SourceRecord[] {
    let level: Located[] = [{ node: this.root, parents: [], where: "" }];
    for (const name of segments(path)) {
      const next: Located[] = [];
      for (const at of level) {
        const children = typeof at.node === "string" ? undefined : at.node[name];
        if (!Array.isArray(children)) continue;
        const numbered = children.length > 1;
        children.forEach((child, i) => next.push({ node: child, parents: [...at.parents, at.node], where: `${at.where}/${name}${numbered ? `[${i + 1}]` : ""}` }));
      }
      level = next;
    }
    return level.map((at) => ({ line: 0, where: at.where, values: (ref: string) => valuesAt(at, ref) }));
  }
}

function segments(path: string): string[] {
  return path.split("/").map((s) => s.trim()).filter((s) => s !== "" && s !== ".");
}

/** Values at a path below (or, with "..", above) a record element: attributes by "@name", element text otherwise. */
function valuesAt(record: Located, ref: string): string[] {
  let nodes: Array<{ node: XmlNode | string; parents: XmlNode[] }> = [{ node: record.node, parents: record.parents }];
  for (const name of segments(ref)) {
    const next: typeof nodes = [];
    for (const { node, parents } of nodes) {
      if (name === "..") {
        if (parents.length > 0) next.push({ node: parents.at(-1)!, parents: parents.slice(0, -1) });
        continue;
      }
      if (typeof node === "string") continue;
      const value = node[name];
      if (typeof value === "string") next.push({ node: value, parents: [...parents, node] });
      else if (Array.isArray(value)) for (const child of value) next.push({ node: child, parents: [...parents, node] });
    }
    nodes = next;
  }
  return nodes.map(({ node }) => textOf(node)).filter((v): v is string => v !== undefined && v !== "");
}

function textOf(node: XmlNode | string): string | undefined {
  if (typeof node === "string") return node.trim();
  const text = node["#text"];
  return typeof text === "string" ? text.trim() : Object.keys(node).length === 0 ? "" : undefined;
}

/** The encoding an XML declaration names (ISO-8859-1 / Latin-1, UTF-16), else auto-detection. */
function declaredEncoding(bytes: Buffer): "auto" | "iso-8859-1" {
  const head = bytes.subarray(0, 200).toString("latin1");
  const declared = /^(?:\uFEFF|\xEF\xBB\xBF)?<\?xml[^>]*encoding=["']([^"']+)["']/i.exec(head)?.[1]?.toLowerCase();
  return declared === "iso-8859-1" || declared === "latin1" || declared === "latin-1" || declared === "windows-1252" ? "iso-8859-1" : "auto";
}
