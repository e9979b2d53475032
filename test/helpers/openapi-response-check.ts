import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";
import { oneRosterV1p1OpenApi } from "../../src/api/openapi-document.ts";

const addFormats = addFormatsModule.default;

/** A response as the test saw it, named by the document's path template, e.g. "/users/{sourcedId}". */
export interface ResponseToCheck {
  method: string;
  path: string;
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** The parsed JSON body; undefined (or "") when the response had none. */
  body: unknown;
}

type Json = Record<string, unknown>;

const SCHEMA_ID = "openapi";

/** OpenAPI 3.0 `nullable: true` as JSON Schema: null joins the type (and the enum). */
export function openApiToJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(openApiToJsonSchema);
  if (node === null || typeof node !== "object") return node;
  const converted: Json = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === "nullable" && typeof value === "boolean") continue;
    converted[key] = openApiToJsonSchema(value);
  }
  if ((node as Json).nullable !== true) return converted;
  if (Array.isArray(converted.enum)) converted.enum = [...converted.enum, null];
  if (typeof converted.type === "string") {
    converted.type = [converted.type, "null"];
    return converted;
  }
  return { anyOf: [converted, { type: "null" }] };
}

const escapePointer = (segment: string) => segment.replaceAll("~", "~0").replaceAll("/", "~1");

function describeError(error: ErrorObject): string {
  const at = error.instancePath || "/";
  const params = error.params as Json;
  if (error.keyword === "additionalProperties") return `${at}: has '${String(params.additionalProperty)}', which the document does not list`;
  if (error.keyword === "enum") return `${at}: must be one of ${JSON.stringify(params.allowedValues)}`;
  return `${at}: ${error.message ?? error.keyword}`;
}

/**
 * Checks responses against an OpenAPI 3.0 document with ajv: the status must be documented for the operation, the
 * body must match the documented schema and the documented headers must be present (when required) and match.
 */
export class OpenApiResponseChecker {
  readonly #document: Json;
  readonly #bodies: Ajv;
  /** Header values are strings on the wire; this instance coerces them to the documented type. */
  readonly #headers: Ajv;
  readonly #compiled = new Map<string, ValidateFunction>();

  constructor(document: object = oneRosterV1p1OpenApi().document) {
    this.#document = openApiToJsonSchema(document) as Json;
    this.#bodies = this.#ajv(false);
    this.#headers = this.#ajv(true);
  }

  #ajv(coerceTypes: boolean): Ajv {
    const ajv = new Ajv({ allErrors: true, strict: false, coerceTypes, validateSchema: false });
    addFormats(ajv);
    ajv.addSchema(this.#document, SCHEMA_ID);
    return ajv;
  }

  /** Follows a local $ref ("#/components/responses/X") to the object and the JSON pointer it lives at. */
  #resolve(node: unknown, pointer: string): { node: Json; pointer: string } {
    let current = node as Json;
    let at = pointer;
    while (typeof current?.$ref === "string") {
      at = current.$ref;
      current = at
        .slice(2)
        .split("/")
        .map((part) => part.replaceAll("~1", "/").replaceAll("~0", "~"))
        .reduce<unknown>((parent, key) => (parent as Json | undefined)?.[key], this.#document) as Json;
      if (current === undefined) throw new Error(`the document's $ref ${at} points nowhere`);
    }
    return { node: current, pointer: at };
  }

  #validator(ajv: Ajv, schema: object, key: string): ValidateFunction {
    let validate = this.#compiled.get(key);
    if (!validate) {
      validate = ajv.compile(schema);
      this.#compiled.set(key, validate);
    }
    return validate;
  }

  /** Everything about the response that the document does not allow; empty when it matches. */
  problems(response: ResponseToCheck): string[] {
    const method = response.method.toLowerCase();
    const operationPointer = `#/paths/${escapePointer(response.path)}/${method}`;
    const operation = (this.#document.paths as Json | undefined)?.[response.path] as Json | undefined;
    const responses = (operation?.[method] as Json | undefined)?.responses as Json | undefined;
    if (!responses) return [`${response.method.toUpperCase()} ${response.path} is not an operation of the document`];
    const statusKey = String(response.status) in responses ? String(response.status) : "default";
    const documented = responses[statusKey];
    if (!documented) return [`status ${response.status} is not documented (documented: ${Object.keys(responses).join(", ")})`];
    const { node: described, pointer } = this.#resolve(documented, `${operationPointer}/responses/${statusKey}`);

    const problems: string[] = [];
    for (const [name, headerOrRef] of Object.entries((described.headers as Json | undefined) ?? {})) {
      const { node: header, pointer: headerPointer } = this.#resolve(headerOrRef, `${pointer}/headers/${escapePointer(name)}`);
      const value = response.headers[name.toLowerCase()] ?? response.headers[name];
      if (value === undefined) {
        if (header.required === true) problems.push(`header ${name}: missing`);
        continue;
      }
      const validate = this.#validator(
        this.#headers,
        { type: "object", properties: { value: { $ref: `${SCHEMA_ID}${headerPointer}/schema` } } },
        `header ${headerPointer}`,
      );
      if (!validate({ value: Array.isArray(value) ? value.join(", ") : value })) {
        for (const error of validate.errors ?? []) problems.push(`header ${name}: ${error.message ?? error.keyword}`);
      }
    }

    const empty = response.body === undefined || response.body === "";
    const json = (described.content as Json | undefined)?.["application/json"] as Json | undefined;
    if (!json) {
      if (!empty) problems.push("a body was sent where the document describes none");
      return problems;
    }
    if (empty) return [...problems, "the body is empty where the document describes one"];
    const schemaPointer = `${pointer}/content/application~1json/schema`;
    const validate = this.#validator(this.#bodies, { $ref: `${SCHEMA_ID}${schemaPointer}` }, `body ${schemaPointer}`);
    if (!validate(response.body)) problems.push(...new Set((validate.errors ?? []).map(describeError)));
    return problems;
  }

  /** Throws an error listing every problem (with JSON pointers into the body) when the response does not match. */
  assertMatches(response: ResponseToCheck): void {
    const problems = this.problems(response);
    if (problems.length === 0) return;
    const shown = problems.slice(0, 25).map((problem) => `  - ${problem}`);
    if (problems.length > shown.length) shown.push(`  … and ${problems.length - shown.length} more`);
    throw new Error(`${response.method.toUpperCase()} ${response.path} → ${response.status} does not match the OpenAPI document:\n${shown.join("\n")}`);
  }
}
