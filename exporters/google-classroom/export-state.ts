import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { readExportState, writeExportState, type StateEntry, type StateWrite as SharedStateWrite } from "../export-state.ts";

export type { StateEntry };

/**
 * export_state entities of a Classroom target:
 * - "course": remote_id = course id, applied_hash = hash of name, section, description and owner; archived = ARCHIVED;
 * - "course-members": remote_id = course id, applied_hash = hash of the owner, teacher and student ids last applied;
 * - "user": remote_id = Google user id, applied_hash = the e-mail it was found by.
 */
export type ClassroomStateEntity = "course" | "course-members" | "user";

export type ClassroomState = Record<ClassroomStateEntity, Map<string, StateEntry>>;

export type StateWrite = SharedStateWrite<ClassroomStateEntity>;

export function emptyClassroomState(): ClassroomState {
  return { course: new Map(), "course-members": new Map(), user: new Map() };
}

export function readClassroomState(db: Kysely<Database>, tenantId: string, targetId: string): Promise<ClassroomState> {
  return readExportState(db, tenantId, targetId, emptyClassroomState());
}

export function writeClassroomState(db: Kysely<Database>, tenantId: string, targetId: string, writes: StateWrite[]): Promise<void> {
  return writeExportState(db, tenantId, targetId, writes);
}
