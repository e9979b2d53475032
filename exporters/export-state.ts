import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";

/**
 * The export_state table, shared by the cloud exporters: per (tenant, target, entity, sourcedId) the remote id and the
 * hash last applied, so an unchanged night makes no calls and a crashed run resumes without duplicates. Each exporter
 * names its own entities.
 */
export interface StateEntry {
  remoteId: string;
  appliedHash: string;
  archived: boolean;
}

export interface StateWrite<Entity extends string> extends StateEntry {
  entity: Entity;
  sourcedId: string;
}

/** Fills `state` (one empty map per entity the exporter knows) with the target's rows; rows of other entities are ignored. */
export async function readExportState<Entity extends string>(
  db: Kysely<Database>,
  tenantId: string,
  targetId: string,
  state: Record<Entity, Map<string, StateEntry>>,
): Promise<Record<Entity, Map<string, StateEntry>>> {
  const rows = await db
    .selectFrom("export_state")
    .select(["entity", "sourced_id", "remote_id", "applied_hash", "archived"])
    .where("tenant_id", "=", tenantId)
    .where("target_id", "=", targetId)
    .execute();
  for (const row of rows) {
    state[row.entity as Entity]?.set(row.sourced_id, { remoteId: row.remote_id, appliedHash: row.applied_hash, archived: row.archived });
  }
  return state;
}

/** Upserts what was just applied; called after every batch so a crash loses at most the batch in flight. */
export async function writeExportState(db: Kysely<Database>, tenantId: string, targetId: string, writes: ReadonlyArray<StateWrite<string>>): Promise<void> {
  // One statement may not name the same key twice (on conflict), so the last write of a key wins here.
  const unique = new Map<string, StateWrite<string>>();
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
