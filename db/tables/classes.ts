import type { Generated } from "kysely";
import type { SyncedEntityBase, TextList } from "./common.ts";

export type ClassType = "homeroom" | "scheduled";

export interface ClassesTable extends SyncedEntityBase {
  title: string;
  class_code: string | null;
  class_type: ClassType;
  location: string | null;
  grades: TextList;
  subjects: TextList;
  course_sourced_id: string;
  school_sourced_id: string;
  subject_codes: TextList;
  periods: TextList;
}

/** class.terms: at least one per class. */
export interface ClassTermsTable {
  tenant_id: string;
  class_sourced_id: string;
  term_sourced_id: string;
  ordinal: Generated<number>;
}
