import { z } from "zod";

type Def = { type: string } & Record<string, unknown>;
const defOf = (schema: unknown): Def => (schema as z.core.$ZodType)._zod.def as unknown as Def;
const isRecord = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === "object" && !Array.isArray(value);

/** Does the schema (under its wrappers) take an object? */
function takesObject(schema: z.core.$ZodType): boolean {
  const def = defOf(schema);
  if (def.type === "object") return true;
  const inner = def.innerType ?? (def.type === "pipe" ? def.in : undefined);
  return inner !== undefined && takesObject(inner as z.core.$ZodType);
}

/**
 * The paths of keys in `input` that an object of `schema` does not know and would silently drop (a plain z.object
 * strips unknown keys). Objects that are strict already report their own; loose ones (a catchall) take anything.
 */
function unknownKeys(schema: z.core.$ZodType, input: unknown, path: PropertyKey[], found: PropertyKey[][]): void {
  const def = defOf(schema);
  switch (def.type) {
    case "object": {
      if (!isRecord(input)) return;
      const shape = def.shape as Record<string, z.core.$ZodType>;
      for (const [key, value] of Object.entries(input)) {
        if (Object.hasOwn(shape, key)) unknownKeys(shape[key]!, value, [...path, key], found);
        else if (def.catchall === undefined) found.push([...path, key]);
      }
      return;
    }
    case "array":
      if (Array.isArray(input)) input.forEach((item, index) => unknownKeys(def.element as z.core.$ZodType, item, [...path, index], found));
      return;
    case "pipe":
      return unknownKeys(def.in as z.core.$ZodType, input, path, found);
    case "union": {
      // Only where the input can mean one option: an object among text, numbers …
      const objects = (def.options as z.core.$ZodType[]).filter(takesObject);
      if (isRecord(input) && objects.length === 1) unknownKeys(objects[0]!, input, path, found);
      return;
    }
    default:
      if (def.innerType !== undefined) unknownKeys(def.innerType as z.core.$ZodType, input, path, found);
  }
}

/**
 * An importer's or exporter's settings schema as the setup takes it: a key the schema does not know (a typo, mostly)
 * is an error at its YAML path, where the schema alone would drop it and run with the default.
 */
export function strictKeys<T extends z.ZodType>(schema: T) {
  return z.preprocess((input, ctx) => {
    const found: PropertyKey[][] = [];
    unknownKeys(schema, input, [], found);
    for (const path of found) ctx.issues.push({ code: "unrecognized_keys", keys: [String(path.at(-1))], path: path.slice(0, -1), input: input as Record<string, unknown> });
    // Validation goes on (zod lets an unknown key pass a pipe), so the entry's other problems are named too.
    return input;
  }, schema);
}
