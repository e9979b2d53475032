import type { ExpressionBuilder, Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";

/**
 * Held runs: import runs the mass-delete guard stopped (status "stopped"), which wait for an administrator. An
 * approval is for the source's NEXT run: the scheduler asks `takeApproval` before it starts that run and, when it gets
 * true, runs it with force. A stopped run stays held until a later run of its source is stopped again (the newer one
 * is then the held run) or succeeds (nothing is held any more).
 */
export interface HeldRun {
  tenantId: string;
  runId: string;
  sourceId: string;
  sourceKind: string;
  startedAt: Date;
  /** The guard's explanation. */
  error: string | null;
  approval: { approvedBy: string; approvedAt: Date; usedAt: Date | null } | null;
}

export type HeldRunProblem = "not-found" | "not-stopped" | "superseded" | "already-approved";

/** Why a run cannot be approved, in a sentence for the admin page and API. */
export class HeldRunError extends Error {
  constructor(
    readonly problem: HeldRunProblem,
    message: string,
  ) {
    super(message);
    this.name = "HeldRunError";
  }
}

type RunsRef = ExpressionBuilder<Database & { r: Database["sync_runs"] }, "r">;

/** A later stopped or succeeded run of the same source exists: this stopped run no longer holds anything. */
function supersededRun(eb: RunsRef) {
  return eb.exists(
    eb
      .selectFrom("sync_runs as later")
      .select("later.id")
      .whereRef("later.tenant_id", "=", "r.tenant_id")
      .whereRef("later.source_id", "=", "r.source_id")
      .where("later.status", "in", ["stopped", "succeeded"])
      .where((later) =>
        later.or([
          later("later.started_at", ">", later.ref("r.started_at")),
          later.and([later("later.started_at", "=", later.ref("r.started_at")), later("later.id", ">", later.ref("r.id"))]),
        ]),
      ),
  );
}

function heldRunsQuery(db: Kysely<Database>) {
  return db
    .selectFrom("sync_runs as r")
    .leftJoin("run_approvals as a", (join) => join.onRef("a.tenant_id", "=", "r.tenant_id").onRef("a.run_id", "=", "r.id"))
    .select(["r.tenant_id", "r.id", "r.source_id", "r.source_kind", "r.started_at", "r.error", "a.approved_by", "a.approved_at", "a.used_at"])
    .where("r.status", "=", "stopped")
    .where((eb) => eb.not(supersededRun(eb)));
}

type HeldRow = Awaited<ReturnType<ReturnType<typeof heldRunsQuery>["execute"]>>[number];

function toHeldRun(row: HeldRow): HeldRun {
  return {
    tenantId: row.tenant_id,
    runId: row.id,
    sourceId: row.source_id,
    sourceKind: row.source_kind,
    startedAt: row.started_at,
    error: row.error,
    approval: row.approved_by && row.approved_at ? { approvedBy: row.approved_by, approvedAt: row.approved_at, usedAt: row.used_at ?? null } : null,
  };
}

/** The held runs (at most one per source), of one tenant or of all, newest first; approved ones too, with their approval. */
export async function listHeldRuns(db: Kysely<Database>, tenantId?: string): Promise<HeldRun[]> {
  let query = heldRunsQuery(db).orderBy("r.started_at", "desc").orderBy("r.tenant_id").orderBy("r.id");
  if (tenantId !== undefined) query = query.where("r.tenant_id", "=", tenantId);
  return (await query.execute()).map(toHeldRun);
}

/**
 * Approves a held run for its source's next run, recording who and when. Only a stopped run that is still held, and
 * only once: anything else is a HeldRunError saying why.
 */
export async function approveHeldRun(
  db: Kysely<Database>,
  tenantId: string,
  runId: string,
  approvedBy: string,
  approvedAt: Date = new Date(),
): Promise<HeldRun> {
  if (approvedBy.trim() === "") throw new TypeError("approvedBy: say who approves");
  const run = await db.selectFrom("sync_runs").select(["status", "source_id"]).where("tenant_id", "=", tenantId).where("id", "=", runId).executeTakeFirst();
  if (!run) throw new HeldRunError("not-found", `tenant "${tenantId}" has no run "${runId}"`);
  if (run.status !== "stopped") {
    throw new HeldRunError("not-stopped", `run ${runId} was not stopped by the mass-delete guard (it is ${run.status}); there is nothing to approve`);
  }
  const held = await heldRunsQuery(db).where("r.tenant_id", "=", tenantId).where("r.id", "=", runId).executeTakeFirst();
  if (!held) {
    throw new HeldRunError("superseded", `run ${runId} is no longer held: a later run of source "${run.source_id}" was stopped again or succeeded`);
  }
  const inserted = await db
    .insertInto("run_approvals")
    .values({ tenant_id: tenantId, run_id: runId, approved_by: approvedBy, approved_at: approvedAt })
    .onConflict((oc) => oc.columns(["tenant_id", "run_id"]).doNothing())
    .returning(["approved_by", "approved_at", "used_at"])
    .executeTakeFirst();
  if (!inserted) {
    const existing = await db.selectFrom("run_approvals").select(["approved_by", "approved_at"]).where("tenant_id", "=", tenantId).where("run_id", "=", runId).executeTakeFirstOrThrow();
    throw new HeldRunError("already-approved", `run ${runId} was already approved by ${existing.approved_by} at ${existing.approved_at.toISOString()}`);
  }
  return toHeldRun({ ...held, ...inserted });
}

/**
 * Whether the source's next run may apply what the guard held back: true once when the newest stopped run of the
 * source is still held and approved and its approval not yet taken; taking it marks it used (atomically, so two
 * schedulers never both get true).
 */
export async function takeApproval(db: Kysely<Database>, tenantId: string, sourceId: string, now: Date = new Date()): Promise<boolean> {
  const held = await heldRunsQuery(db)
    .where("r.tenant_id", "=", tenantId)
    .where("r.source_id", "=", sourceId)
    .orderBy("r.started_at", "desc")
    .orderBy("r.id", "desc")
    .limit(1)
    .executeTakeFirst();
  if (!held?.approved_by) return false;
  const taken = await db
    .updateTable("run_approvals")
    .set({ used_at: now })
    .where("tenant_id", "=", tenantId)
    .where("run_id", "=", held.id)
    .where("used_at", "is", null)
    .returning("run_id")
    .executeTakeFirst();
  return taken !== undefined;
}
