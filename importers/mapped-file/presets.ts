import { readFile } from "node:fs/promises";
import { extname } from "node:path";
import { parse as parseYaml, YAMLParseError } from "yaml";
import { mappingSchema, type Mapping } from "./mapping.ts";

/** The shipped mapping presets: one folder per register, its preset beside its README. */
export const PRESETS: Record<string, URL> = {
  adela: new URL("../adela/preset.yaml", import.meta.url),
  skolplatsen: new URL("../skolplatsen/preset.yaml", import.meta.url),
};

export class MappingError extends Error {
  override name = "MappingError";
}

/** A mapping by preset name, or from a YAML/JSON file; every problem names the file and the YAML path. */
export async function loadMapping(spec: string | Mapping): Promise<Mapping> {
  if (typeof spec !== "string") return spec;
  const preset = PRESETS[spec];
  const path = preset ?? spec;
  const name = preset ? `preset ${spec}` : spec;
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT" && !preset) {
      throw new MappingError(`${spec}: no such mapping file, and no preset of that name (presets: ${Object.keys(PRESETS).join(", ")})`);
    }
    throw error;
  }
  return parseMapping(text, name, !preset && extname(spec).toLowerCase() === ".json");
}

export function parseMapping(text: string, name: string, json = false): Mapping {
  let data: unknown;
  try {
    data = json ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    if (error instanceof YAMLParseError) throw new MappingError(`${name}:${error.linePos?.[0]?.line ?? 0}: not YAML: ${error.message.split("\n")[0]}`);
    throw new MappingError(`${name}: not JSON: ${(error as Error).message}`);
  }
  const parsed = mappingSchema.safeParse(data);
  if (!parsed.success) {
    throw new MappingError(parsed.error.issues.map((issue) => `${name}: ${issue.path.length > 0 ? issue.path.join(".") : "(mapping)"}: ${issue.message}`).join("\n"));
  }
  return parsed.data;
}
