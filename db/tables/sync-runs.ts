import type { ColumnType, Generated } from "kysely";
import type { JsonObject, JsonValue } from "./common.ts";

export type SyncRunStatus = "running" | "succeeded" | "failed" | "stopped";

/** One import run of a tenant's source (src/sync). */
export interface SyncRunsTable {
  tenant_id: string;
  id: string;
  source_id: string;
  source_kind: string;
  mode: "full" | "delta";
  status: SyncRunStatus;
  forced: Generated<boolean>;
  started_at: ColumnType<Date, Date | string | undefined, Date | string>;
  finished_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  /** Per entity: {created, updated, unchanged, removed, skipped}. */
  counts: ColumnType<JsonObject, JsonObject | undefined, JsonObject>;
  /** The first warnings ({entity, sourcedId, why}); warning_count holds how many there were. */
  warnings: ColumnType<JsonValue[], string | undefined, string>;
  warning_count: Generated<number>;
  /** Why a run failed or was stopped. */
  error: string | null;
}
