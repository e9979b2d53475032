import type { DateOnly, EntityBase, Timestamp } from "./common.ts";

export type ScoreStatus = "exempt" | "fully graded" | "not submitted" | "partially graded" | "submitted";

export interface CategoriesTable extends EntityBase {
  title: string;
  /** OneRoster 1.2 */
  weight: number | null;
}

export interface LineItemsTable extends EntityBase {
  title: string;
  description: string | null;
  assign_date: Timestamp;
  due_date: Timestamp;
  class_sourced_id: string;
  category_sourced_id: string;
  grading_period_sourced_id: string;
  result_value_min: number;
  result_value_max: number;
  /** OneRoster 1.2 */
  school_sourced_id: string | null;
}

export interface ResultsTable extends EntityBase {
  line_item_sourced_id: string;
  student_sourced_id: string;
  score_status: ScoreStatus;
  score: number;
  score_date: DateOnly;
  comment: string | null;
  /** OneRoster 1.2 */
  text_score: string | null;
}
