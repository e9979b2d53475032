/** Bytes of a stored digest: contentHash is a SHA-1, stored as base64 in sync_hash. */
const DIGEST_BYTES = 20;

const ACTIVE = 1;
/** The digest was computed from the stored content (a row written before rows kept their sync_hash). */
const COMPUTED = 2;
/** Set while planning: the snapshot names this row. */
const SEEN = 4;

/**
 * One source's stored rows of an entity: sourcedId → content digest, status, and (delta runs) scope values.
 * A million rows cost their ids, a map entry and 21 bytes each: a digest string and an object per row would add
 * about 130 bytes to each, and a heap that large is walked by every full garbage collection.
 */
export class StoredRows {
  readonly #index = new Map<string, number>();
  #digests = Buffer.alloc(DIGEST_BYTES * 1024);
  #flags = new Uint8Array(1024);
  readonly #scopes: string[][] = [];
  readonly #scratch = Buffer.alloc(DIGEST_BYTES);

  get size(): number {
    return this.#index.size;
  }

  has(sourcedId: string): boolean {
    return this.#index.has(sourcedId);
  }

  /** The row's position, for the methods that take one (a large import looks each id up once); -1 if none. */
  indexOf(sourcedId: string): number {
    return this.#index.get(sourcedId) ?? -1;
  }

  /**
   * Adds a row; `hash` is the base64 digest (sync_hash); `scope` the values of the spec's scope columns, in order (delta
   * runs); `computed` when the digest was computed from the stored content.
   */
  add(sourcedId: string, hash: string, active: boolean, scope?: string[], computed = false): void {
    const at = this.#index.size;
    if (at === this.#flags.length) this.#grow();
    this.#index.set(sourcedId, at);
    this.#digests.write(hash, at * DIGEST_BYTES, DIGEST_BYTES, "base64");
    this.#flags[at] = (active ? ACTIVE : 0) | (computed ? COMPUTED : 0);
    if (scope) this.#scopes[at] = scope;
  }

  isActive(sourcedId: string): boolean {
    return this.#flag(this.indexOf(sourcedId), ACTIVE);
  }

  isComputed(at: number): boolean {
    return this.#flag(at, COMPUTED);
  }

  /** The row at `at` is active and its stored digest is `hash` (base64). */
  isActiveWith(at: number, hash: string): boolean {
    if (!this.#flag(at, ACTIVE)) return false;
    const written = this.#scratch.write(hash, "base64");
    return written === DIGEST_BYTES && this.#scratch.compare(this.#digests, at * DIGEST_BYTES, (at + 1) * DIGEST_BYTES) === 0;
  }

  /** Marks the row at `at` named by the snapshot: true if it was named before. */
  markSeen(at: number): boolean {
    const flags = this.#flags[at]!;
    this.#flags[at] = flags | SEEN;
    return (flags & SEEN) !== 0;
  }

  /** Active rows the snapshot did not name, with their scope values when they were read. */
  *activeUnseen(): Generator<[sourcedId: string, scope: string[] | undefined]> {
    for (const [sourcedId, at] of this.#index) {
      if ((this.#flags[at]! & (ACTIVE | SEEN)) === ACTIVE) yield [sourcedId, this.#scopes[at]];
    }
  }

  #flag(at: number, flag: number): boolean {
    return at >= 0 && (this.#flags[at]! & flag) !== 0;
  }

  #grow(): void {
    const digests = Buffer.alloc(this.#digests.length * 2);
    this.#digests.copy(digests);
    this.#digests = digests;
    const flags = new Uint8Array(this.#flags.length * 2);
    flags.set(this.#flags);
    this.#flags = flags;
  }
}
