import type { DateOnly, SyncedEntityBase } from "./common.ts";

export type SessionType = "gradingPeriod" | "semester" | "schoolYear" | "term";

export interface AcademicSessionsTable extends SyncedEntityBase {
  title: string;
  type: SessionType;
  start_date: DateOnly;
  end_date: DateOnly;
  parent_sourced_id: string | null;
  /** Four-digit year in which the school year ends, e.g. "2027" for 2026/27. */
  school_year: string;
  /** OneRoster 1.2: the org the session belongs to. */
  org_sourced_id: string | null;
}
