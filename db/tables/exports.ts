import type { ColumnType, Generated } from "kysely";
import type { JsonObject, JsonValue } from "./common.ts";

export type ExportRunStatus = "running" | "succeeded" | "failed" | "dry-run";

/** One run of an exporter for a tenant's target (exporters/run-record.ts). */
export interface ExportRunsTable {
  tenant_id: string;
  id: string;
  /** The target's name in the setup (e.g. "sds"); target_kind is the exporter (sds, asm, graph, classroom …). */
  target_id: string;
  target_kind: string;
  status: ExportRunStatus;
  started_at: ColumnType<Date, Date | string | undefined, Date | string>;
  finished_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  /** Per kind of record or action, e.g. {"users": {"written": 10, "skipped": 2}} or {"classes": {"created": 1}}. */
  counts: ColumnType<JsonObject, JsonObject | undefined, JsonObject>;
  /** The first warnings ({entity, sourcedId, why}); warning_count holds how many there were. */
  warnings: ColumnType<JsonValue[], string | undefined, string>;
  warning_count: Generated<number>;
  error: string | null;
}

/** What a cloud exporter last applied for one record of a tenant at one target. */
export interface ExportStateTable {
  tenant_id: string;
  target_id: string;
  /** e.g. "class", "team", "course". */
  entity: string;
  sourced_id: string;
  remote_id: string;
  /** Content hash of what was last applied; equal hash = nothing to write. */
  applied_hash: string;
  archived: Generated<boolean>;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}
