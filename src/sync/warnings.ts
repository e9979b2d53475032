import type { EntityName } from "../model/canonical.ts";
import type { SyncWarning } from "./types.ts";

const KEPT = 1000;

/** Collects warnings: keeps the first thousand, counts them all. */
export class Warnings {
  readonly list: SyncWarning[] = [];
  count = 0;

  /** A warning that heads the list (an importer's own summary notes). */
  addFirst(warning: SyncWarning): void {
    this.count++;
    this.list.unshift(warning);
    if (this.list.length > KEPT) this.list.pop();
  }

  add(entity: EntityName, sourcedId: string | undefined, why: string): void {
    this.count++;
    if (this.list.length < KEPT) this.list.push(sourcedId === undefined ? { entity, why } : { entity, sourcedId, why });
  }
}
