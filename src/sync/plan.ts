import type { Deletion, EntityName } from "../model/canonical.ts";
import { contentHash } from "./content-hash.ts";
import type { EntitySpec, Reference, Row } from "./entities.ts";
import type { StoredEntity } from "./stored.ts";
import type { Change } from "./types.ts";
import { validateRecord } from "./validate.ts";
import type { Warnings } from "./warnings.ts";

/** A record to write: its rows, and the references to its own entity that can only be checked once all are read. */
export interface Pending {
  row: Row;
  children: Row[][];
  selfReferences: Reference[];
  /** contentHash of row and children: stored as the row's sync_hash. */
  hash: string;
}

/** What a run will do to one entity. */
export interface EntityPlan {
  entity: EntityName;
  stored: StoredEntity;
  creates: Map<string, Pending>;
  updates: Map<string, Pending>;
  /** sourcedIds of this source's active rows that become tobedeleted. */
  removals: Set<string>;
  unchanged: number;
  skipped: number;
  /**
   * sourcedIds the snapshot named, valid or not, that this source has no row for (a full run never removes a row its
   * source still names; stored rows the snapshot names are marked in StoredRows instead, which saves a set of a
   * million ids on an unchanged night).
   */
  seenNew: Set<string>;
  /** sourcedIds the snapshot named that this source has no row for, whose first record was skipped. */
  rejectedNew: Set<string>;
  /** Unchanged rows whose stored sync_hash is missing: sourcedId → the digest to store. */
  backfill: Map<string, string>;
  /** Creates and updates already handed to the writer (and dropped from `creates` / `updates`), with a few of their ids. */
  handedOver: { created: number; updated: number; createdIds: string[]; updatedIds: string[] };
  /**
   * Creates handed over before every record their optional links name was written (a student before its guardian):
   * kept until those are, or until the entity's end, when a link to a record that never came is dropped.
   */
  provisional: Map<string, Pending>;
}

/** Records planned between two turns of the event loop. */
const YIELD_EVERY = 1_000;

export type Known = (entity: EntityName, sourcedId: string) => boolean;

export function emptyPlan(entity: EntityName, stored: StoredEntity): EntityPlan {
  return {
    entity,
    stored,
    creates: new Map(),
    updates: new Map(),
    removals: new Set(),
    unchanged: 0,
    skipped: 0,
    seenNew: new Set(),
    rejectedNew: new Set(),
    backfill: new Map(),
    handedOver: { created: 0, updated: 0, createdIds: [], updatedIds: [] },
    provisional: new Map(),
  };
}

/** A row of the tenant exists, or the snapshot brings it (a new record accepted so far: pending or handed over). */
export function isKnown(plan: EntityPlan, sourcedId: string): boolean {
  return (
    plan.stored.own.has(sourcedId) || plan.stored.others.has(sourcedId) || (plan.seenNew.has(sourcedId) && !plan.rejectedNew.has(sourcedId))
  );
}

/** How many records the plan creates and updates, pending and handed over. */
export function createdCount(plan: EntityPlan): number {
  return plan.handedOver.created + plan.creates.size;
}

export function updatedCount(plan: EntityPlan): number {
  return plan.handedOver.updated + plan.updates.size;
}

/** Records taken from a plan to be written. */
export interface Batch {
  creates: Map<string, Pending>;
  updates: Map<string, Pending>;
}

/** Takes every pending record out of the plan. */
export function takeAll(plan: EntityPlan): Batch {
  const batch = { creates: plan.creates, updates: plan.updates };
  plan.creates = new Map();
  plan.updates = new Map();
  return batch;
}

/**
 * Takes the pending records nothing read later can undo: all of them, unless records of the entity name each other;
 * then those whose every such reference leads, directly or through other records taken now, to a stored row or a
 * record taken before. A record naming one not yet read waits, since that one may never come (and so may every record
 * naming it, in turn); records naming each other in a cycle go together, once all of the cycle is read. A new record's
 * optional links (a user's agents) do not hold it back: the writer holds back their rows instead, and the record
 * stays provisional until what they name is written (see settleProvisional). The batch is written parents first.
 */
export function takeSettled<E extends EntityName>(spec: EntitySpec<E>, plan: EntityPlan): Batch {
  if (!spec.refersToItself) return takeAll(plan);
  // Pending creates → the pending records naming them; and the records that must wait, found from those naming
  // what is neither pending nor known (stored, or taken before), then everything naming a waiting record.
  const namedBy = new Map<string, string[]>();
  const waiting = new Set<string>();
  for (const pending of [plan.creates, plan.updates]) {
    for (const [id, record] of pending) {
      for (const { sourcedId, optional } of record.selfReferences) {
        if (optional && pending === plan.creates) continue;
        if (plan.creates.has(sourcedId)) {
          const list = namedBy.get(sourcedId);
          if (list) list.push(id);
          else namedBy.set(sourcedId, [id]);
        } else if (!isKnown(plan, sourcedId)) waiting.add(id);
      }
    }
  }
  const queue = [...waiting];
  while (queue.length > 0) {
    for (const by of namedBy.get(queue.pop()!) ?? []) {
      if (waiting.has(by)) continue;
      waiting.add(by);
      queue.push(by);
    }
  }
  const batch: Batch = { creates: new Map(), updates: new Map() };
  for (const [from, to] of [
    [plan.creates, batch.creates],
    [plan.updates, batch.updates],
  ] as const) {
    for (const [id, pending] of from) {
      if (waiting.has(id)) continue;
      to.set(id, pending);
      from.delete(id);
    }
  }
  for (const [id, record] of plan.provisional) if (linksWritten(plan, record)) plan.provisional.delete(id);
  for (const [id, record] of batch.creates) if (!linksWritten(plan, record)) plan.provisional.set(id, record);
  return batch;
}

/** Every record the optional links name is stored, or written (taken before, or now): it cannot be rejected any more. */
function linksWritten(plan: EntityPlan, record: Pending): boolean {
  return record.selfReferences.every(
    (r) => !r.optional || (isKnown(plan, r.sourcedId) && !plan.creates.has(r.sourcedId) && !plan.updates.has(r.sourcedId)),
  );
}

/** What the entity's end changes in records already handed over: links dropped (held back rows) and new digests. */
export interface ProvisionalSettled {
  /** Held-back child rows to leave out: the parent's sourcedId → the values of the column naming what never came. */
  droppedLinks: Map<string, { child: number; column: string; values: Set<string> }[]>;
  /** Digests of handed-over records that lost a link. */
  hashes: Map<string, string>;
}

/**
 * At the entity's end, once every record is read: a provisional record's optional link to a record the tenant does
 * not have (never read, or skipped) is dropped with a warning, as it is from a pending record, and its digest made
 * again. The writer leaves the link's held-back row out and stores the new digest.
 */
export function settleProvisional<E extends EntityName>(spec: EntitySpec<E>, plan: EntityPlan, warnings: Warnings): ProvisionalSettled {
  const settled: ProvisionalSettled = { droppedLinks: new Map(), hashes: new Map() };
  for (const [id, record] of plan.provisional) {
    const missing = record.selfReferences.filter((r) => r.optional && !isKnown(plan, r.sourcedId));
    if (missing.length === 0) continue;
    const drops: { child: number; column: string; values: Set<string> }[] = [];
    for (const reference of missing) {
      const { child, column } = reference.optional!;
      leaveLinkOut(plan, id, record, reference, warnings);
      const drop = drops.find((d) => d.child === child && d.column === column);
      if (drop) drop.values.add(reference.sourcedId);
      else drops.push({ child, column, values: new Set([reference.sourcedId]) });
    }
    settled.droppedLinks.set(id, drops);
    settled.hashes.set(id, contentHash(spec, record.row, record.children));
  }
  plan.provisional.clear();
  return settled;
}

/** Counts a batch the writer has written (or, in a dry run, that was only counted), keeping the first `keep` ids. */
export function handedOver(plan: EntityPlan, batch: Batch, keep: number): void {
  const { handedOver } = plan;
  handedOver.created += batch.creates.size;
  handedOver.updated += batch.updates.size;
  for (const id of batch.creates.keys()) if (handedOver.createdIds.length < keep) handedOver.createdIds.push(id);
  for (const id of batch.updates.keys()) if (handedOver.updatedIds.length < keep) handedOver.updatedIds.push(id);
}

/** Whether the snapshot named this sourcedId (stored at `at`, or -1) before; marks it named. */
function named(plan: EntityPlan, sourcedId: string, at: number): boolean {
  if (at >= 0) return plan.stored.own.markSeen(at);
  if (plan.seenNew.has(sourcedId)) return true;
  plan.seenNew.add(sourcedId);
  return false;
}

/**
 * Reads one entity's records and sorts each into create / update / unchanged / skipped. A record is skipped (with a
 * warning) when it is invalid, repeats a sourcedId, belongs to another source of the tenant, or refers to a row the
 * tenant does not have; its stored row, if any, stays as it is.
 */
export async function planRecords<E extends EntityName>(
  spec: EntitySpec<E>,
  plan: EntityPlan,
  records: AsyncIterable<unknown> | Iterable<unknown>,
  known: Known,
  warnings: Warnings,
  onRecord: (count: number) => void,
  /** Hands the settled pending records over whenever this many more are pending (see takeSettled). */
  handOverEvery?: { rows: number; to: (batch: Batch) => Promise<void> },
): Promise<void> {
  const skip = (sourcedId: string | undefined, why: string) => {
    plan.skipped++;
    warnings.add(spec.entity, sourcedId, why);
  };
  const reject = (sourcedId: string, why: string) => {
    if (!plan.stored.own.has(sourcedId)) plan.rejectedNew.add(sourcedId);
    skip(sourcedId, why);
  };
  const pendingCount = () => plan.creates.size + plan.updates.size;
  let handOverAt = handOverEvery?.rows ?? Infinity;
  let count = 0;
  for await (const input of records) {
    onRecord(++count);
    // Records held in memory come without a pause for I/O: give the event loop a turn now and then, so the batch being
    // written (a COPY whose data is sent once the server's answer to it is read) goes on while this one is planned.
    if (count % YIELD_EVERY === 0) await new Promise<void>((resolve) => setImmediate(resolve));
    if (handOverEvery && pendingCount() >= handOverAt) {
      await handOverEvery.to(takeSettled(spec, plan));
      // Each hand-over looks at every record still waiting: the next comes after at least as many new ones, so the
      // looks cost a few times the entity's records in all, however many wait.
      handOverAt = pendingCount() + Math.max(handOverEvery.rows, pendingCount());
    }
    const result = validateRecord(spec.entity, input);
    if (!result.ok) {
      if (result.sourcedId && !named(plan, result.sourcedId, plan.stored.own.indexOf(result.sourcedId))) reject(result.sourcedId, `invalid: ${result.why}`);
      else skip(result.sourcedId, `invalid: ${result.why}`);
      continue;
    }
    const record = result.record;
    const id = record.sourcedId;
    const at = plan.stored.own.indexOf(id);
    if (named(plan, id, at)) {
      skip(id, "the sourcedId appears more than once in the snapshot; the first one counts");
      continue;
    }
    const owner = plan.stored.others.get(id);
    if (owner !== undefined) {
      reject(id, `the sourcedId belongs to source "${owner}" of the tenant; it is not overwritten`);
      continue;
    }
    const references = spec.references(record);
    const missing = references.find((r) => r.entity !== spec.entity && !known(r.entity, r.sourcedId));
    if (missing) {
      reject(id, notInTenant(missing));
      continue;
    }
    const { row, children } = spec.toRows(record);
    const hash = contentHash(spec, row, children);
    const pending = { row, children, selfReferences: references.filter((r) => r.entity === spec.entity), hash };
    if (pending.selfReferences.length > 0 && !spec.refersToItself) throw new Error(`${spec.entity}: a record names its own entity, but its spec does not say it may`);
    if (at < 0) plan.creates.set(id, pending);
    else if (!plan.stored.own.isActiveWith(at, hash)) plan.updates.set(id, pending);
    else unchanged(plan, id, at, hash);
  }
  dropBrokenSelfReferences(spec, plan, warnings);
}

/**
 * References within an entity (org parents, guardians) are checked once all its records are in. A record with a
 * broken reference is skipped, which may break others in turn; an optional link is dropped from the record instead.
 */
function dropBrokenSelfReferences<E extends EntityName>(spec: EntitySpec<E>, plan: EntityPlan, warnings: Warnings): void {
  let dropped = true;
  while (dropped) {
    dropped = false;
    for (const pending of [plan.creates, plan.updates]) {
      for (const [id, record] of pending) {
        const missing = record.selfReferences.find((r) => !isKnown(plan, r.sourcedId));
        if (!missing) continue;
        if (missing.optional) {
          leaveLinkOut(plan, id, record, missing, warnings);
          record.hash = contentHash(spec, record.row, record.children);
          const at = plan.stored.own.indexOf(id);
          if (plan.stored.own.isActiveWith(at, record.hash)) {
            pending.delete(id);
            unchanged(plan, id, at, record.hash);
          }
          continue;
        }
        pending.delete(id);
        if (!plan.stored.own.has(id)) plan.rejectedNew.add(id);
        plan.skipped++;
        warnings.add(plan.entity, id, notInTenant(missing));
        dropped = true;
      }
    }
  }
}

function unchanged(plan: EntityPlan, id: string, at: number, hash: string): void {
  plan.unchanged++;
  if (plan.stored.own.isComputed(at)) plan.backfill.set(id, hash);
}

const notInTenant = (reference: Reference) =>
  `${reference.field} refers to ${reference.entity} "${reference.sourcedId}", which the tenant does not have`;

/** Drops an optional link to a record the tenant does not have from the record, with a warning. */
function leaveLinkOut(plan: EntityPlan, id: string, record: Pending, reference: Reference, warnings: Warnings): void {
  const { child, column } = reference.optional!;
  record.children[child] = (record.children[child] ?? []).filter((row) => row[column] !== reference.sourcedId);
  record.selfReferences = record.selfReferences.filter((r) => r !== reference);
  warnings.add(plan.entity, id, `${notInTenant(reference)}; the link is left out`);
}

/** Full runs: every active row of this source the snapshot did not name becomes tobedeleted. */
export function planVanished(plan: EntityPlan): void {
  for (const [id] of plan.stored.own.activeUnseen()) plan.removals.add(id);
}

/**
 * Delta runs that bring a complete set within some scopes (e.g. every enrollment of the classes they name): rows of
 * this source in those scopes that the snapshot did not name become tobedeleted. `position` picks the scope column.
 */
export function planVanishedWithin(plan: EntityPlan, position: number, scopes: ReadonlySet<string>): void {
  if (scopes.size === 0) return;
  for (const [id, scope] of plan.stored.own.activeUnseen()) {
    const value = scope?.[position];
    if (value !== undefined && scopes.has(value)) plan.removals.add(id);
  }
}

/** Delta runs: explicit deletions of this source's active rows; anything else is a warning. */
export function planDeletion(plan: EntityPlan, deletion: Deletion, warnings: Warnings): void {
  const { own } = plan.stored;
  if (own.isActive(deletion.sourcedId)) {
    plan.removals.add(deletion.sourcedId);
    return;
  }
  if (own.has(deletion.sourcedId) || deletion.ifPresent) return; // already tobedeleted, or never was
  const owner = plan.stored.others.get(deletion.sourcedId);
  warnings.add(
    deletion.entity,
    deletion.sourcedId,
    owner !== undefined ? `deletion ignored: the row belongs to source "${owner}"` : "deletion ignored: no such row of this source",
  );
}

export function sampleChanges(plan: EntityPlan, limit: number): Change[] {
  const changes: Change[] = [];
  const add = (action: Change["action"], ids: Iterable<string>) => {
    for (const sourcedId of ids) {
      if (changes.length >= limit) return;
      changes.push({ action, sourcedId });
    }
  };
  add("create", plan.handedOver.createdIds);
  add("create", plan.creates.keys());
  add("update", plan.handedOver.updatedIds);
  add("update", plan.updates.keys());
  add("remove", plan.removals);
  return changes;
}
