import type { SyncedEntityBase } from "./common.ts";

export type OrgType = "department" | "school" | "district" | "local" | "state" | "national";

export interface OrgsTable extends SyncedEntityBase {
  name: string;
  type: OrgType;
  identifier: string | null;
  parent_sourced_id: string | null;
}
