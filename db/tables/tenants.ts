import type { Generated } from "kysely";
import type { Jsonb } from "./common.ts";

export interface TenantsTable {
  id: string;
  name: string;
  created_at: Generated<Date>;
  metadata: Jsonb | null;
}

/** A configured importer of a tenant; every entity row names the source that wrote it. */
export interface SourcesTable {
  tenant_id: string;
  id: string;
  kind: string;
  name: string | null;
  created_at: Generated<Date>;
}
