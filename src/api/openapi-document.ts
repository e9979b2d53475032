import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";

/** The OpenAPI document of the OneRoster 1.1 binding as this server serves it; requests are validated against it. */
export const ONEROSTER_V1P1_OPENAPI_PATH = fileURLToPath(new URL("../../openapi/oneroster-v1p1.yaml", import.meta.url));

let cached: { text: string; document: object } | undefined;

export function oneRosterV1p1OpenApi(): { text: string; document: object } {
  if (!cached) {
    const text = readFileSync(ONEROSTER_V1P1_OPENAPI_PATH, "utf8");
    cached = { text, document: parse(text) as object };
  }
  return cached;
}
