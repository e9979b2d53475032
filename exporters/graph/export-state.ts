import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { readExportState, writeExportState, type StateEntry, type StateWrite as SharedStateWrite } from "../export-state.ts";

export type { StateEntry };

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

export type GraphState = Record<GraphStateEntity, Map<string, StateEntry>>;

export type StateWrite = SharedStateWrite<GraphStateEntity>;

export function emptyGraphState(): GraphState {
  return { class: new Map(), "class-members": new Map(), team: new Map(), user: new Map(), group: new Map(), "group-members": new Map(), "staff-group": new Map(), "staff-group-members": new Map(), "staff-team": new Map() };
}

export function readGraphState(db: Kysely<Database>, tenantId: string, targetId: string): Promise<GraphState> {
  return readExportState(db, tenantId, targetId, emptyGraphState());
}

export function writeGraphState(db: Kysely<Database>, tenantId: string, targetId: string, writes: StateWrite[]): Promise<void> {
  return writeExportState(db, tenantId, targetId, writes);
}
