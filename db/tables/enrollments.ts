import type { DateOnly, SyncedEntityBase } from "./common.ts";

export type EnrollmentRole = "administrator" | "proctor" | "student" | "teacher";

export interface EnrollmentsTable extends SyncedEntityBase {
  class_sourced_id: string;
  school_sourced_id: string;
  user_sourced_id: string;
  role: EnrollmentRole;
  primary: boolean | null;
  begin_date: DateOnly | null;
  end_date: DateOnly | null;
}
