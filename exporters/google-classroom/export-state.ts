import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";

/**
 * export_state entities of a Classroom target:
 * - "course": remote_id = course id, applied_hash = hash of name, section, description and owner; archived = ARCHIVED;
 * - "course-members": remote_id = course id, applied_hash = hash of the owner, teacher and student ids last applied;
 * - "user": remote_id = Google user id, applied_hash = the e-mail it was found by.
 */
export type ClassroomStateEntity = "course" | "course-members" | "user";

export interface StateEntry {
  remoteId: string;
  appliedHash: string;
  archived: boolean;
}

export type ClassroomState = Record<ClassroomStateEntity, Map<string, StateEntry>>;

export interface StateWrite extends StateEntry {
  entity: ClassroomStateEntity;
  sourcedId: string;
}

export function emptyClassroomState(): ClassroomState {
  return { course: new Map(), "course-members": new Map(), user: new Map() };
}

export async function readClassroomState(db: Kysely<Database>, tenantId: string, targetId: string): Promise<ClassroomState> {
  const state = emptyClassroomState();
  const rows = await db
    .selectFrom("export_state")
    .select(["entity", "sourced_id", "remote_id", "applied_hash", "archived"])
    .where("tenant_id", "=", tenantId)
    .where("target_id", "=", targetId)
    .execute();
  for (const row of rows) {
    state[row.entity as ClassroomStateEntity]?.set(row.sourced_id, { remoteId: row.remote_id, appliedHash: row.applied_hash, archived: row.archived });
  }
  return state;
}

/** Upserts what was just applied; called after every batch so a crash loses at most the batch in flight. */
export async function writeClassroomState(db: Kysely<Database>, tenantId: string, targetId: string, writes: StateWrite[]): Promise<void> {
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
