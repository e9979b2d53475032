import type { Logger } from "../log/logger.ts";
import type { Deletion, EntityName, Snapshot } from "../model/canonical.ts";

export interface GuardSettings {
  /** Stop when more than this share of the tenant's active users or classes would become tobedeleted … */
  share: number;
  /** … and at least this many. */
  minimum: number;
}

export const DEFAULT_GUARD: GuardSettings = { share: 0.1, minimum: 50 };

export type SyncProgress =
  | { phase: "read"; entity: EntityName; records: number }
  | { phase: "apply"; entity: EntityName; step: "insert" | "update" | "children" | "remove"; rows: number };

export interface SyncOptions {
  tenantId: string;
  sourceId: string;
  /** The importer's kind (e.g. "ss12000"); recorded on the source when the engine creates it. */
  sourceKind: string;
  /** full: the snapshot is everything the source holds, so what is missing is removed. delta: only changes. */
  mode: "full" | "delta";
  snapshot: Snapshot;
  /** Delta imports only: records the source says are gone. */
  deletions?: Iterable<Deletion> | AsyncIterable<Deletion>;
  /**
   * Delta imports only: classes whose enrollments the snapshot brings in full, so this source's other enrollments
   * of them are removed. Read after the snapshot is consumed (an importer may learn them while streaming).
   */
  completeEnrollmentsOf?: () => Iterable<string>;
  /** What the importer itself left out or noticed (counts, never names of protected persons), for the run record. */
  sourceNotes?: () => SyncWarning[];
  /** Compute and return the diff; write nothing, not even a run record. */
  dryRun?: boolean;
  /** Apply even when the mass-delete guard would stop the run. */
  force?: boolean;
  guard?: Partial<GuardSettings>;
  /** How many changes per entity the result lists (default 20). */
  changeSample?: number;
  /**
   * New and changed records are written whenever this many have gathered as they are planned (default 10 000); one
   * naming another record of its entity that is still pending (a guardian, a parent org) waits for it.
   */
  handOverRows?: number;
  /**
   * Once a run has inserted this many enrollments (or user links), their classes and users are checked once at the
   * entity's end instead of a statement at a time (default 50 000).
   */
  refsAtEndFrom?: number;
  onProgress?: (progress: SyncProgress) => void;
  logger?: Logger;
}

export interface EntityCounts {
  created: number;
  updated: number;
  unchanged: number;
  removed: number;
  skipped: number;
}

export interface SyncWarning {
  entity: EntityName;
  sourcedId?: string;
  why: string;
}

export interface Change {
  action: "create" | "update" | "remove";
  sourcedId: string;
}

/** An entity whose removals tripped the mass-delete guard. */
export interface GuardTrip {
  entity: "users" | "classes";
  wouldRemove: number;
  activeInTenant: number;
  share: number;
  minimum: number;
  /** The first sourcedIds that would have become tobedeleted. */
  examples: string[];
}

export type SyncStatus = "succeeded" | "stopped" | "dry-run";

export interface SyncResult {
  /** null for a dry run, which records nothing. */
  runId: string | null;
  status: SyncStatus;
  tenantId: string;
  sourceId: string;
  mode: "full" | "delta";
  forced: boolean;
  startedAt: Date;
  finishedAt: Date;
  counts: Record<EntityName, EntityCounts>;
  /** The first warnings; warningCount says how many there were. */
  warnings: SyncWarning[];
  warningCount: number;
  /** Non-empty when the guard tripped (status "stopped", or "succeeded" with force). */
  guard: GuardTrip[];
  /** The first `changeSample` changes per entity. */
  changes: Record<EntityName, Change[]>;
}

/** A run that failed: nothing was written, and the run record (if any) says failed with this message. */
export class SyncError extends Error {
  constructor(
    message: string,
    readonly runId: string | null,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "SyncError";
  }
}
