import type { Kysely } from "kysely";
import { bulkLoad } from "../../db/bulk-load.ts";
import type { Database, TableName } from "../../db/schema.ts";
import { generateMunicipality } from "./generate.ts";

export const DEMO_SOURCE_ID = "demo";

/** Rows the generator yields per student, all tables together (measured: about 27.8 at any size). */
const ROWS_PER_STUDENT = 27.8;

export function estimateDemoRows(students: number): number {
  return Math.max(1, Math.round(students * ROWS_PER_STUDENT));
}

export async function tenantHasData(db: Kysely<Database>, tenantId: string): Promise<boolean> {
  const row = await db.selectFrom("orgs").select("sourced_id").where("tenant_id", "=", tenantId).limit(1).executeTakeFirst();
  return row !== undefined;
}

export class DemoSeedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DemoSeedError";
  }
}

/** Creates the tenant and the demo source when missing and streams a generated municipality into them. */
export async function seedDemo(
  db: Kysely<Database>,
  options: {
    tenantId: string;
    tenantName?: string;
    students: number;
    seed: number;
    onProgress?: (rowsWritten: number) => void;
    batchRows?: number;
  },
): Promise<Partial<Record<TableName, number>>> {
  const { tenantId } = options;
  const existing = await db
    .selectFrom("orgs")
    .select("sourced_id")
    .where("tenant_id", "=", tenantId)
    .where("source_id", "=", DEMO_SOURCE_ID)
    .limit(1)
    .executeTakeFirst();
  if (existing) {
    throw new DemoSeedError(`tenant ${tenantId} already holds a demo municipality; load the demo into another tenant (--tenant)`);
  }
  await db
    .insertInto("tenants")
    .values({ id: tenantId, name: options.tenantName ?? `Demo: Exempelby kommun (${tenantId})` })
    .onConflict((oc) => oc.column("id").doNothing())
    .execute();
  await db
    .insertInto("sources")
    .values({ tenant_id: tenantId, id: DEMO_SOURCE_ID, kind: "demo", name: "Demo municipality generator" })
    .onConflict((oc) => oc.columns(["tenant_id", "id"]).doNothing())
    .execute();
  return bulkLoad(
    db,
    generateMunicipality({ students: options.students, seed: options.seed, tenantId, sourceId: DEMO_SOURCE_ID }),
    { ...(options.batchRows ? { batchRows: options.batchRows } : {}), ...(options.onProgress ? { onProgress: options.onProgress } : {}) },
  );
}
