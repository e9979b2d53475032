/** The OneRoster OAuth scopes: short names in code and on the CLI, full v1p1 URIs in the database and in tokens. */
export const SCOPE_NAMES = [
  "roster-core.readonly",
  "roster.readonly",
  "roster-demographics.readonly",
  "resource.readonly",
  "gradebook.readonly",
  "gradebook.createput",
  "gradebook.delete",
] as const;

export type ScopeName = (typeof SCOPE_NAMES)[number];

export const READ_ONLY_SCOPES: readonly ScopeName[] = SCOPE_NAMES.filter((name) => name.endsWith(".readonly"));

export const V1P1_SCOPE_PREFIX = "https://purl.imsglobal.org/spec/or/v1p1/scope/";
const V1P2_SCOPE_PREFIX = "https://purl.imsglobal.org/spec/or/v1p2/scope/";

function isScopeName(value: string): value is ScopeName {
  return (SCOPE_NAMES as readonly string[]).includes(value);
}

/** The short name of a scope given as a short name or a v1p1 or v1p2 URI; undefined when it is none of those. */
export function scopeName(value: string): ScopeName | undefined {
  for (const prefix of [V1P1_SCOPE_PREFIX, V1P2_SCOPE_PREFIX, ""]) {
    if (!value.startsWith(prefix)) continue;
    const name = value.slice(prefix.length);
    if (isScopeName(name)) return name;
  }
  return undefined;
}

export function scopeUri(name: ScopeName): string {
  return `${V1P1_SCOPE_PREFIX}${name}`;
}

export class UnknownScopeError extends Error {
  constructor(readonly scope: string) {
    super(`unknown scope "${scope}" (known: ${SCOPE_NAMES.join(", ")}, alone or after ${V1P1_SCOPE_PREFIX})`);
    this.name = "UnknownScopeError";
  }
}

/** Short names of the given scopes, without duplicates, in the canonical order; throws on the first unknown one. */
export function parseScopes(values: readonly string[]): ScopeName[] {
  const names = new Set<ScopeName>();
  for (const value of values) {
    const name = scopeName(value);
    if (!name) throw new UnknownScopeError(value);
    names.add(name);
  }
  return SCOPE_NAMES.filter((name) => names.has(name));
}

/** Short names of stored scope URIs; a URI this version does not know is dropped rather than granted. */
export function scopeNamesOf(stored: readonly string[]): ScopeName[] {
  return SCOPE_NAMES.filter((name) => stored.some((value) => scopeName(value) === name));
}
