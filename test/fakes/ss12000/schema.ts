import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { Ajv } from "ajv";
import addFormatsModule from "ajv-formats";
import { parse } from "yaml";

const addFormats = addFormatsModule.default;

/** The SS 12000 v2.1 document (SIS publishes it); read at test time, never copied into the repository. */
export const SS12000_DOCUMENT = process.env.SS12000_OPENAPI ?? "/work/shared/reference/ss12000-v2.1.yaml";

/** A skip reason for tests that need the document, when it is not on this machine. */
export const NO_DOCUMENT: string | false = existsSync(SS12000_DOCUMENT) ? false : `SS 12000 document not found at ${SS12000_DOCUMENT} (set SS12000_OPENAPI)`;

type Json = Record<string, unknown>;

/** OpenAPI 3.0 → JSON Schema: `nullable: true` lets null in; `example` is dropped. */
function toJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (node === null || typeof node !== "object") return node;
  const out: Json = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === "nullable" || key === "example") continue;
    out[key] = toJsonSchema(value);
  }
  if ((node as Json).nullable !== true) return out;
  if (Array.isArray(out.enum)) out.enum = [...out.enum, null];
  if (typeof out.type === "string") return { ...out, type: [out.type, "null"] };
  return { anyOf: [out, { type: "null" }] };
}

export interface Ss12000Schemas {
  /** Ajv's errors for a value against `#/components/schemas/<name>`, as readable lines; empty when valid. */
  errors(name: string, value: unknown): string[];
  /** Paths of properties the document does not declare where they appear (the schemas allow extras; we do not). */
  undeclared(name: string, value: unknown): string[];
}

export async function loadSs12000Schemas(): Promise<Ss12000Schemas> {
  const document = parse(await readFile(SS12000_DOCUMENT, "utf8")) as { components: { schemas: Record<string, Json> } };
  const schemas = toJsonSchema(document.components.schemas) as Record<string, Json>;
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ $id: "ss12000", components: { schemas } });

  const resolve = (schema: Json): Json => {
    let current = schema;
    while (typeof current.$ref === "string") current = schemas[current.$ref.replace("#/components/schemas/", "")]!;
    return current;
  };
  /** Every property schema a (possibly allOf-composed) object schema declares; undefined for free-form objects. */
  const declared = (schema: Json): Map<string, Json[]> | undefined => {
    const s = resolve(schema);
    let found: Map<string, Json[]> | undefined;
    const merge = (more: Map<string, Json[]> | undefined) => {
      if (!more) return;
      found ??= new Map();
      for (const [k, v] of more) found.set(k, [...(found.get(k) ?? []), ...v]);
    };
    if (s.properties) merge(new Map(Object.entries(s.properties as Record<string, Json>).map(([k, v]) => [k, [v]])));
    for (const part of (s.allOf as Json[] | undefined) ?? []) merge(declared(part));
    return found;
  };
  const walk = (schema: Json, value: unknown, path: string, out: string[]) => {
    const s = resolve(schema);
    if (Array.isArray(value)) {
      const items = s.items as Json | undefined;
      if (items) value.forEach((v, i) => walk(items, v, `${path}[${i}]`, out));
      return;
    }
    if (value === null || typeof value !== "object") return;
    const props = declared(s);
    if (!props) return;
    for (const [key, v] of Object.entries(value)) {
      const candidates = props.get(key);
      if (!candidates) out.push(`${path}.${key}`);
      else for (const c of candidates) walk(c, v, `${path}.${key}`, out);
    }
  };

  return {
    errors(name, value) {
      const validate = ajv.getSchema(`ss12000#/components/schemas/${name}`);
      if (!validate) throw new Error(`no schema ${name} in the SS 12000 document`);
      if (validate(value)) return [];
      return (validate.errors ?? []).slice(0, 10).map((e) => `${e.instancePath} ${e.message ?? ""} ${JSON.stringify(e.params)}`);
    },
    undeclared(name, value) {
      const out: string[] = [];
      walk({ $ref: `#/components/schemas/${name}` }, value, "$", out);
      return out;
    },
  };
}
