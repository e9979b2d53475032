import type { EntityName } from "../model/canonical.ts";
import type { SyncWarning } from "./types.ts";

const KEPT = 1000;

/** Collects warnings: keeps the first thousand, counts them all. */
export class Warnings {
  readonly list: SyncWarning[] = [];
  count = 0;

  add(entity: EntityName, sourcedId: string | undefined, why: string): void {
    this.count++;
    if (this.list.length < KEPT) this.list.push(sourcedId === undefined ? { entity, why } : { entity, sourcedId, why });
  }
}
