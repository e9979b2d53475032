import { readFile } from "node:fs/promises";
import { dirname, isAbsolute, resolve } from "node:path";
import { parseDocument, type Document } from "yaml";
import type { z } from "zod";
import { setupWording } from "./secrets.ts";
import { setupSchema, type Setup } from "./schema.ts";
import { formatPath, LineCounter, lineOf, type SetupPath } from "./yaml-locations.ts";

/** A setup that cannot be used: one `file:line: path: why` per problem. */
export class SetupError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join("\n"));
    this.name = "SetupError";
  }
}

export interface LoadedSetup {
  /** The file as the user named it. */
  file: string;
  setup: Setup;
  /** A path the setup gives, made absolute against the setup file's folder. */
  path: (path: string) => string;
}

/** The path as the author wrote it: zod sees `clientSecretEnv` where the file says `clientSecret: env:NAME`. */
function writtenPath(doc: Document, path: SetupPath): PropertyKey[] {
  const written: PropertyKey[] = [];
  for (const part of path) {
    const stem = typeof part === "string" && part.endsWith("Env") ? part.slice(0, -3) : undefined;
    written.push(stem !== undefined && !doc.hasIn([...written, part]) && doc.hasIn([...written, stem]) ? stem : part);
  }
  return written;
}

/**
 * A value that may be one of several shapes (a mapping's name or the mapping itself) and fits none: when exactly one
 * shape is of the value's type, its problems are the ones to name, not zod's bare "Invalid input".
 */
function unionBranchIssues(issue: z.core.$ZodIssue): z.core.$ZodIssue[] {
  if (issue.code !== "invalid_union" || issue.errors.length === 0) return [issue];
  const fitting = issue.errors.filter((branch) => !branch.some((inner) => inner.path.length === 0 && inner.code === "invalid_type"));
  if (fitting.length !== 1) return [issue];
  return fitting[0]!.flatMap((inner) => unionBranchIssues({ ...inner, path: [...issue.path, ...inner.path] }));
}

/** Parses and validates a setup's YAML text; `name` is what problems are reported against. */
export function parseSetup(text: string, name: string): Setup {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  if (doc.errors.length > 0) {
    throw new SetupError(doc.errors.map((error) => `${name}:${lines.linePos(error.pos[0]).line}: ${error.message.split("\n")[0]}`));
  }
  const parsed = setupSchema.safeParse(doc.toJS({ maxAliasCount: 100 }));
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.flatMap(unionBranchIssues).flatMap((issue) => {
    // An unknown key (a typo, mostly) is pointed at where it is, one problem per key.
    const located =
      issue.code === "unrecognized_keys"
        ? issue.keys.map((key) => ({ path: [...issue.path, key], message: "unknown key" }))
        : [{ path: issue.path, message: setupWording(issue.message) }];
    return located.map(({ path: zodPath, message }) => {
      const path = writtenPath(doc, zodPath);
      return { line: lineOf(doc, lines, path), text: `${formatPath(path)}: ${message}` };
    });
  });
  problems.sort((a, b) => a.line - b.line);
  throw new SetupError(problems.map((p) => `${name}:${p.line}: ${p.text}`));
}

/** Reads and validates a setup file. */
export async function loadSetup(file: string): Promise<LoadedSetup> {
  const text = await readFile(file, "utf8").catch((error: NodeJS.ErrnoException) => {
    throw new SetupError([error.code === "ENOENT" ? `${file}: no such file` : `${file}: ${error.message}`]);
  });
  const setup = parseSetup(text, file);
  const folder = dirname(resolve(file));
  return { file, setup, path: (path) => (isAbsolute(path) ? path : resolve(folder, path)) };
}
