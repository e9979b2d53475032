/**
 * The Exporter contract (../ARCHITECTURE.md): a pure plan from the tenant's canonical data (and, for cloud targets,
 * what the target holds now), then an idempotent apply. Exporters read the canonical database only.
 */
import type { Logger } from "../src/log/logger.ts";

/** Something an exporter left out or could not do, named so an operator can fix the source. */
export interface ExportWarning {
  /** The kind of record, e.g. "users", "classes". */
  entity: string;
  sourcedId?: string;
  why: string;
}

/** Per kind of record or action: how many, e.g. {users: {written: 10, skipped: 2}} or {classes: {created: 1}}. */
export type ExportCounts = Record<string, Record<string, number>>;

export interface ExportContext {
  tenantId: string;
  /** The target's name in the setup; the run record and export_state are keyed by it. */
  targetId: string;
  /** Write nothing remote (and, for file exporters, only local files): print the plan instead. */
  dryRun: boolean;
  logger?: Logger;
  onProgress?: (progress: { step: string; done: number; total?: number }) => void;
}

export interface ExportOutcome {
  counts: ExportCounts;
  warnings: ExportWarning[];
}

export interface Exporter<Snapshot, RemoteState, Plan, Client> {
  /** The exporter's kind as the setup and the run record name it (sds, asm, graph, classroom …). */
  kind: string;
  /** Pure: what must change at the target so it matches the snapshot. */
  plan(snapshot: Snapshot, remote: RemoteState): Plan;
  /** Idempotent: applying the same plan twice changes nothing the second time. */
  apply(plan: Plan, client: Client, context: ExportContext): Promise<ExportOutcome>;
}
