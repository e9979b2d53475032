import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { ENTITY_ORDER, type EntityName } from "../model/canonical.ts";
import { PlanWriter } from "./apply.ts";
import { SPECS, type EntitySpec } from "./entities.ts";
import { checkGuard, explainGuard } from "./guard.ts";
import {
  createdCount,
  emptyPlan,
  handedOver,
  isKnown,
  planDeletion,
  planRecords,
  planVanished,
  planVanishedWithin,
  sampleChanges,
  settleProvisional,
  takeAll,
  updatedCount,
  type Batch,
  type EntityPlan,
} from "./plan.ts";
import { finishRun, startRun } from "./run-record.ts";
import { readStored } from "./stored.ts";
import { DEFAULT_GUARD, SyncError, type EntityCounts, type SyncOptions, type SyncResult, type SyncStatus } from "./types.ts";
import { Warnings } from "./warnings.ts";

/**
 * The one path from an importer into the database: validates and diffs what the importer yields for one tenant and
 * source against that source's stored rows, checks the mass-delete guard, and applies everything in one transaction.
 *
 * - A record is skipped, with a warning (entity, sourcedId, why), when it fails validation, repeats a sourcedId,
 *   belongs to another source of the tenant, or refers to a row the tenant neither has nor receives now. Skipping
 *   cascades (an enrollment of a skipped user is skipped too), because the database could not hold it. A link to a
 *   missing guardian (agentSourcedIds) is left out instead, keeping the user.
 * - A skipped record's stored row stays exactly as it was: a full run removes only what its source no longer names.
 * - New and changed rows are written as they are planned, inside one transaction that opens with the first of them
 *   (an importer that reads its whole source first does so before it), so a million rows are never all held. A run
 *   stopped by the guard rolls that transaction back: it writes no roster row; its run record says "stopped" and
 *   why. A dry run records nothing at all. A failure rolls everything back, records the run as failed and throws a
 *   SyncError.
 * - While the transaction is open, the snapshot's iterables must not query the database themselves (the embedded
 *   engine has one session, which the transaction holds). One run per tenant and source at a time is the
 *   scheduler's job (advisory lock).
 */
export async function runSync(db: Kysely<Database>, options: SyncOptions): Promise<SyncResult> {
  const { tenantId, sourceId, mode, logger } = options;
  const startedAt = new Date();
  const forced = options.force ?? false;
  const warnings = new Warnings();
  const onProgress = options.onProgress ?? (() => {});
  const tenant = await db.selectFrom("tenants").select("id").where("id", "=", tenantId).executeTakeFirst();
  if (!tenant) throw new SyncError(`tenant "${tenantId}" does not exist`, null);
  if ((options.deletions || options.completeEnrollmentsOf) && mode === "full") {
    throw new SyncError("explicit deletions belong to delta imports; a full import removes what it does not name", null);
  }

  let runId: string | null = null;
  if (!options.dryRun) {
    await db
      .insertInto("sources")
      .values({ tenant_id: tenantId, id: sourceId, kind: options.sourceKind })
      .onConflict((oc) => oc.columns(["tenant_id", "id"]).doNothing())
      .execute();
    runId = await startRun(db, { tenantId, sourceId, sourceKind: options.sourceKind, mode, forced, startedAt });
  }
  logger?.info({ tenant: tenantId, source: sourceId, mode, runId, dryRun: options.dryRun ?? false }, "sync started");

  let plans = new Map<EntityName, EntityPlan>();
  let committed = false;
  const writer = options.dryRun ? undefined : new PlanWriter(db, { tenantId, sourceId, onProgress, refsAtEndFrom: options.refsAtEndFrom });
  try {
    plans = await planAll(db, options, warnings, writer);
    for (const note of [...(options.sourceNotes?.() ?? [])].reverse()) warnings.addFirst(note);
    const guard = checkGuard(plans, { ...DEFAULT_GUARD, ...options.guard });
    const stopped = guard.length > 0 && !forced && !options.dryRun;
    if (stopped) await writer?.rollback();
    else if (writer) {
      await writer.commit(plans);
      committed = true;
    }
    const status: SyncStatus = options.dryRun ? "dry-run" : stopped ? "stopped" : "succeeded";
    const result: SyncResult = {
      runId,
      status,
      tenantId,
      sourceId,
      mode,
      forced,
      startedAt,
      finishedAt: new Date(),
      counts: countsOf(plans),
      warnings: warnings.list,
      warningCount: warnings.count,
      guard,
      changes: Object.fromEntries(ENTITY_ORDER.map((e) => [e, sampleChanges(plans.get(e)!, options.changeSample ?? CHANGE_SAMPLE)])) as SyncResult["changes"],
    };
    if (runId) {
      await finishRun(db, tenantId, runId, {
        status: stopped ? "stopped" : "succeeded",
        counts: result.counts,
        warnings: result.warnings,
        warningCount: result.warningCount,
        finishedAt: result.finishedAt,
        ...(stopped ? { error: explainGuard(guard) } : {}),
      });
    }
    if (stopped) logger?.warn({ tenant: tenantId, source: sourceId, runId, guard }, explainGuard(guard));
    logger?.info({ tenant: tenantId, source: sourceId, runId, status, counts: result.counts, warnings: warnings.count }, "sync finished");
    return result;
  } catch (error) {
    await writer?.rollback().catch((rollbackError: unknown) => logger?.error({ err: rollbackError, runId }, "could not roll back the sync run"));
    if (committed) {
      // The data is in; only finishing the run record failed. Saying "nothing was written" would be false.
      logger?.error({ tenant: tenantId, source: sourceId, runId, err: error }, "sync applied, but its run record could not be finished");
      throw error;
    }
    const message = (error as Error)?.message ?? String(error);
    if (runId) {
      await finishRun(db, tenantId, runId, {
        status: "failed",
        counts: countsOf(plans),
        warnings: warnings.list,
        warningCount: warnings.count,
        error: message,
        finishedAt: new Date(),
      }).catch((recordError: unknown) => logger?.error({ err: recordError, runId }, "could not record the failed sync run"));
    }
    logger?.error({ tenant: tenantId, source: sourceId, runId, err: error }, "sync failed; nothing was written");
    throw new SyncError(`sync of source "${sourceId}" (tenant "${tenantId}") failed, nothing was written: ${message}`, runId, { cause: error });
  }
}

/** Pending new and changed records are handed to the writer whenever this many have gathered (default). */
const HAND_OVER_ROWS = 10_000;
/** Changes per entity a result lists (default). */
const CHANGE_SAMPLE = 20;

/**
 * Reads every entity in dependency order, so a reference is checked against its target's complete plan. Each
 * entity's new and changed rows go to the writer (or, in a dry run, are only counted) once they are checked: whenever
 * HAND_OVER_ROWS have gathered (a record naming another still pending of its entity waits), and at the entity's end.
 */
async function planAll(db: Kysely<Database>, options: SyncOptions, warnings: Warnings, writer: PlanWriter | undefined): Promise<Map<EntityName, EntityPlan>> {
  const plans = new Map<EntityName, EntityPlan>();
  const known = (entity: EntityName, sourcedId: string) => {
    const plan = plans.get(entity);
    return plan !== undefined && isKnown(plan, sourcedId);
  };
  const onProgress = options.onProgress ?? (() => {});
  for (const entity of ENTITY_ORDER) {
    const spec = SPECS[entity] as EntitySpec<EntityName>;
    const write = async (batch: Batch) => {
      await writer?.write(spec, batch);
      handedOver(plan, batch, options.changeSample ?? CHANGE_SAMPLE);
    };
    const stored = await readStored(writer?.executor ?? db, spec, options.tenantId, options.sourceId, { withScopes: options.mode === "delta" });
    const plan: EntityPlan = emptyPlan(entity, stored);
    plans.set(entity, plan);
    const records = options.snapshot[entity];
    if (records) {
      await planRecords(
        spec,
        plan,
        records,
        known,
        warnings,
        (n) => {
          if (n % 1000 === 0) onProgress({ phase: "read", entity, records: n });
        },
        { rows: options.handOverRows ?? HAND_OVER_ROWS, to: write },
      );
    }
    const settled = settleProvisional(spec, plan, warnings);
    await write(takeAll(plan));
    await writer?.writeHeldBack(spec, settled);
    await writer?.endEntity(spec);
    if (options.mode === "full") planVanished(plan);
  }
  if (options.deletions) {
    for await (const deletion of options.deletions) {
      const plan = plans.get(deletion.entity);
      if (!plan) warnings.add(deletion.entity, deletion.sourcedId, `deletion ignored: unknown entity "${deletion.entity}"`);
      else planDeletion(plan, deletion, warnings);
    }
  }
  if (options.mode === "delta") {
    const enrollments = plans.get("enrollments")!;
    planVanishedWithin(enrollments, 0, new Set(options.completeEnrollmentsOf?.() ?? []));
    // A removed class or user takes its enrollments with it, whether or not the source listed them.
    planVanishedWithin(enrollments, 0, plans.get("classes")!.removals);
    planVanishedWithin(enrollments, 1, plans.get("users")!.removals);
  }
  return plans;
}

/** Per-entity counts of the plan: what the run did, or (stopped, failed, dry run) what it would have done. */
function countsOf(plans: ReadonlyMap<EntityName, EntityPlan>): Record<EntityName, EntityCounts> {
  return Object.fromEntries(
    ENTITY_ORDER.map((entity) => {
      const plan = plans.get(entity);
      return [
        entity,
        {
          created: plan ? createdCount(plan) : 0,
          updated: plan ? updatedCount(plan) : 0,
          unchanged: plan?.unchanged ?? 0,
          removed: plan?.removals.size ?? 0,
          skipped: plan?.skipped ?? 0,
        },
      ];
    }),
  ) as Record<EntityName, EntityCounts>;
}
