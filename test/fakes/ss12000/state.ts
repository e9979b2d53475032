import type { Municipality, SpecialPersons } from "./data.ts";
import type { Collection, Entities, PersonKind } from "./types.ts";
import { COLLECTIONS } from "./types.ts";

/** The fake's notion of now: it moves only when a test (or a mutation) moves it. */
export class Clock {
  #ms: number;

  constructor(start: string) {
    this.#ms = Date.parse(start);
  }

  now(): string {
    return new Date(this.#ms).toISOString();
  }

  set(iso: string): string {
    this.#ms = Date.parse(iso);
    return this.now();
  }

  advance(ms: number): string {
    this.#ms += ms;
    return this.now();
  }
}

export interface DeletedEntry {
  collection: Collection;
  id: string;
  at: string;
}

export interface FakeState {
  clock: Clock;
  data: { [C in Collection]: Map<string, Entities[C]> };
  deleted: DeletedEntry[];
  /** Ids a `dropShare` hides: the source "forgets" them without reporting a deletion. */
  hidden: Set<string>;
  kinds: Map<string, PersonKind>;
  special: SpecialPersons;
  districtId: string;
}

export function createState(municipality: Municipality, clockStart: string): FakeState {
  const data = {} as { [C in Collection]: Map<string, Entities[C]> };
  for (const c of COLLECTIONS) {
    (data as Record<Collection, Map<string, unknown>>)[c] = new Map(
      (municipality.entities[c] as Array<{ id: string }>).map((e) => [e.id, e]),
    );
  }
  return {
    clock: new Clock(clockStart),
    data,
    deleted: [],
    hidden: new Set(),
    kinds: municipality.kinds,
    special: municipality.special,
    districtId: municipality.districtId,
  };
}

const sortedCache = new WeakMap<FakeState, Map<Collection, { key: string; items: unknown[] }>>();

/**
 * The visible objects of a collection, ordered by id (the order paging walks). Kept between requests until a
 * mutation (each one moves the clock) or a hidden share changes them, so paging a large municipality is not a sort
 * per page.
 */
export function visible<C extends Collection>(state: FakeState, collection: C): Array<Entities[C]> {
  const key = `${state.clock.now()}|${state.data[collection].size}|${state.hidden.size}`;
  let byCollection = sortedCache.get(state);
  if (!byCollection) sortedCache.set(state, (byCollection = new Map()));
  const cached = byCollection.get(collection);
  if (cached?.key === key) return cached.items as Array<Entities[C]>;
  const items = [...state.data[collection].values()].filter((e) => !state.hidden.has(e.id)).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  byCollection.set(collection, { key, items });
  return items;
}
