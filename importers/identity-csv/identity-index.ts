import { open } from "node:fs/promises";
import { parse } from "csv-parse";
import { personnummerKey } from "../../src/model/personnummer.ts";
import type { IdentityCsvSettings } from "./settings.ts";

export interface Identity {
  email?: string;
  username?: string;
}

export class IdentityCsvError extends Error {
  override name = "IdentityCsvError";
}

/** The identities of a CSV by key, with what was wrong with rows that give none. */
export class IdentityIndex {
  readonly #byKey = new Map<string, Identity>();
  readonly #ambiguous = new Set<string>();
  readonly #used = new Set<string>();
  /** `file:line: column: why` for each row left out. */
  readonly problems: string[] = [];
  rows = 0;

  constructor(readonly matchBy: IdentityCsvSettings["matchBy"]) {}

  add(key: string, identity: Identity, where: string): void {
    if (this.#ambiguous.has(key)) return;
    if (this.#byKey.has(key)) {
      this.#byKey.delete(key);
      this.#ambiguous.add(key);
      this.problems.push(`${where}: the key appears on more than one row: none of them is used`);
      return;
    }
    this.#byKey.set(key, identity);
  }

  /** The identity for a key (normalised as the index stores keys); records that the row found its user. */
  find(key: string | undefined): Identity | undefined {
    if (key === undefined) return undefined;
    const identity = this.#byKey.get(key);
    if (identity) this.#used.add(key);
    return identity;
  }

  /** Keys of rows that matched no user (call after the users are made). */
  get unusedRows(): number {
    return this.#byKey.size - this.#used.size;
  }

  /** The stored form of a key of this index's kind; undefined when the value cannot be a key. */
  normalise(value: string): string | undefined {
    const trimmed = value.trim();
    if (trimmed === "") return undefined;
    return this.matchBy === "personnummer" ? personnummerKey(trimmed) : trimmed;
  }
}

const looksLikeEmail = (value: string) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value);

/** Reads the identity CSV; a missing column is an error, a bad row a problem listed on the index. */
export async function readIdentityCsv(settings: IdentityCsvSettings): Promise<IdentityIndex> {
  const index = new IdentityIndex(settings.matchBy);
  const { file, columns } = settings;
  const handle = await open(file).catch((error: NodeJS.ErrnoException) => {
    throw new IdentityCsvError(error.code === "ENOENT" ? `${file}: no such file` : `${file}: ${error.message}`);
  });
  const parser = handle.createReadStream().pipe(
    parse({ columns: true, bom: true, delimiter: [",", ";"], skip_empty_lines: true, trim: true, info: true }),
  );
  let checked = false;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
      if (!checked) {
        const missing = [columns.key, columns.email, columns.username].filter((c): c is string => c !== undefined && !(c in record));
        if (missing.length > 0) throw new IdentityCsvError(`${file}:1: no column ${missing.map((c) => `"${c}"`).join(", ")} (the header has ${Object.keys(record).map((c) => `"${c}"`).join(", ")})`);
        checked = true;
      }
      index.rows++;
      const where = `${file}:${info.lines}`;
      const rawKey = record[columns.key] ?? "";
      const key = index.normalise(rawKey);
      if (key === undefined) {
        index.problems.push(`${where}: ${columns.key}: ${rawKey.trim() === "" ? "empty" : settings.matchBy === "personnummer" ? "not a valid personnummer (temporary numbers are never matched)" : "empty"}`);
        continue;
      }
      const identity: Identity = {};
      const email = columns.email ? record[columns.email]?.trim() : undefined;
      if (email) {
        if (!looksLikeEmail(email)) {
          index.problems.push(`${where}: ${columns.email}: "${email}" is not an e-mail address`);
          continue;
        }
        identity.email = email;
      }
      const username = columns.username ? record[columns.username]?.trim() : undefined;
      if (username) identity.username = username;
      if (identity.email === undefined && identity.username === undefined) {
        index.problems.push(`${where}: ${columns.email ?? columns.username}: empty`);
        continue;
      }
      index.add(key, identity, where);
    }
  } catch (error) {
    if (error instanceof IdentityCsvError) throw error;
    throw new IdentityCsvError(`${file}: ${(error as Error).message}`);
  } finally {
    await handle.close();
  }
  return index;
}
