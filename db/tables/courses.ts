import type { SyncedEntityBase, TextList } from "./common.ts";

export interface CoursesTable extends SyncedEntityBase {
  title: string;
  school_year_sourced_id: string | null;
  course_code: string | null;
  grades: TextList;
  subjects: TextList;
  org_sourced_id: string;
  subject_codes: TextList;
}
