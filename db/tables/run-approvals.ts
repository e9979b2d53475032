import type { ColumnType } from "kysely";

/** An administrator's approval of a sync run the mass-delete guard stopped; the source's next run takes it once. */
export interface RunApprovalsTable {
  tenant_id: string;
  /** The stopped sync_runs row. */
  run_id: string;
  /** The admin user name that approved. */
  approved_by: string;
  approved_at: ColumnType<Date, Date | string | undefined, Date | string>;
  /** When the source's next run took the approval; null while it waits. */
  used_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}
