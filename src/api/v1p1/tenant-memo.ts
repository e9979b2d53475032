import type { DataScope } from "./response-cache.ts";

/**
 * Small values derived from a tenant's data (counts, page anchors), least recently used first out. Callers asking
 * for a value already being computed share that computation, unless the tenant changed since it began.
 */
export class TenantMemo<T> {
  readonly #values = new Map<string, { tenant: string; scope: DataScope; value: T }>();
  readonly #pending = new Map<string, { tenant: string; scope: DataScope; promise: Promise<T> }>();

  constructor(private readonly maxEntries: number) {}

  get size(): number {
    return this.#values.size;
  }

  get(key: string): T | undefined {
    const stored = this.#values.get(key);
    if (!stored) return undefined;
    this.#values.delete(key);
    this.#values.set(key, stored);
    return stored.value;
  }

  pending(key: string): Promise<T> | undefined {
    return this.#pending.get(key)?.promise;
  }

  track(tenant: string, scope: DataScope, key: string, promise: Promise<T>): void {
    const pending = { tenant, scope, promise };
    this.#pending.set(key, pending);
    const done = () => {
      if (this.#pending.get(key) === pending) this.#pending.delete(key);
    };
    promise.then(done, done);
  }

  set(tenant: string, scope: DataScope, key: string, value: T): void {
    this.#values.delete(key);
    this.#values.set(key, { tenant, scope, value });
    if (this.#values.size > this.maxEntries) this.#values.delete(this.#values.keys().next().value!);
  }

  /** Forgets the tenant's values: all of them, or only those reading gradebook tables. */
  drop(tenant: string, changed: DataScope): void {
    const affected = (value: { tenant: string; scope: DataScope }) => value.tenant === tenant && (changed === "roster" || value.scope === "gradebook");
    for (const [key, stored] of this.#values) if (affected(stored)) this.#values.delete(key);
    for (const [key, pending] of this.#pending) if (affected(pending)) this.#pending.delete(key);
  }

  clear(): void {
    this.#values.clear();
    this.#pending.clear();
  }
}
