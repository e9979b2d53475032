import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";

/**
 * export_state entities of the Graph target:
 * - "class": remote_id = educationClass id, applied_hash = hash of its properties (name, term …);
 * - "class-members": remote_id = class id, applied_hash = hash of the teacher and member ids last applied;
 * - "team": remote_id = team id (= class id), archived = whether it was archived;
 * - "user": remote_id = Entra user id, applied_hash = the userPrincipalName it was found by;
 * - "group", "group-members": a school's security group of one role (sourced_id = "<school sourcedId>/<role>");
 * - "staff-group", "staff-group-members", "staff-team": a school's staff team (sourced_id = the school's sourcedId).
 */
export type GraphStateEntity = "class" | "class-members" | "team" | "user" | "group" | "group-members" | "staff-group" | "staff-group-members" | "staff-team";

export interface StateEntry {
  remoteId: string;
  appliedHash: string;
  archived: boolean;
}

export type GraphState = Record<GraphStateEntity, Map<string, StateEntry>>;

export interface StateWrite extends StateEntry {
  entity: GraphStateEntity;
  sourcedId: string;
}

export function emptyGraphState(): GraphState {
  return { class: new Map(), "class-members": new Map(), team: new Map(), user: new Map(), group: new Map(), "group-members": new Map(), "staff-group": new Map(), "staff-group-members": new Map(), "staff-team": new Map() };
}

export async function readGraphState(db: Kysely<Database>, tenantId: string, targetId: string): Promise<GraphState> {
  const state = emptyGraphState();
  const rows = await db
    .selectFrom("export_state")
    .select(["entity", "sourced_id", "remote_id", "applied_hash", "archived"])
    .where("tenant_id", "=", tenantId)
    .where("target_id", "=", targetId)
    .execute();
  for (const row of rows) {
    const map = state[row.entity as GraphStateEntity];
    map?.set(row.sourced_id, { remoteId: row.remote_id, appliedHash: row.applied_hash, archived: row.archived });
  }
  return state;
}

/** Upserts what was just applied; called after every batch so a crash loses at most the batch in flight. */
export async function writeGraphState(db: Kysely<Database>, tenantId: string, targetId: string, writes: StateWrite[]): Promise<void> {
  // One statement may not name the same key twice (on conflict), so the last write of a key wins here.
  const unique = new Map<string, StateWrite>();
  for (const write of writes) unique.set(`${write.entity}\u0000${write.sourcedId}`, write);
  const rows = [...unique.values()].map((write) => ({
    tenant_id: tenantId,
    target_id: targetId,
    entity: write.entity,
    sourced_id: write.sourcedId,
    remote_id: write.remoteId,
    applied_hash: write.appliedHash,
    archived: write.archived,
    updated_at: new Date(),
  }));
  for (let start = 0; start < rows.length; start += 1000) {
    await db
      .insertInto("export_state")
      .values(rows.slice(start, start + 1000))
      .onConflict((oc) =>
        oc.columns(["tenant_id", "target_id", "entity", "sourced_id"]).doUpdateSet((eb) => ({
          remote_id: eb.ref("excluded.remote_id"),
          applied_hash: eb.ref("excluded.applied_hash"),
          archived: eb.ref("excluded.archived"),
          updated_at: eb.ref("excluded.updated_at"),
        })),
      )
      .execute();
  }
}
