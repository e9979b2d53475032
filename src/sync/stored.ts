import { sql, type Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import type { EntityName } from "../model/canonical.ts";
import { contentHash } from "./content-hash.ts";
import type { EntitySpec, Row } from "./entities.ts";
import { StoredRows } from "./stored-rows.ts";

export interface StoredEntity {
  /** This source's rows: sourcedId → content digest and whether the row is active. */
  own: StoredRows;
  /** The tenant's rows of other sources: sourcedId → their source. */
  others: Map<string, string>;
  /** Active rows of the whole tenant (the mass-delete guard's base). */
  activeInTenant: number;
}

/**
 * Reads what is stored for one entity: each row's sync_hash (the digest it was written with) and status, and the ids
 * of other sources' rows. Only when some row of the source has no sync_hash yet (written before rows kept one) are
 * the rows and their children read and hashed, once: the run then stores the digests it computed.
 */
export async function readStored<E extends EntityName>(
  db: Kysely<Database>,
  spec: EntitySpec<E>,
  tenantId: string,
  sourceId: string,
  { withScopes }: { withScopes: boolean },
): Promise<StoredEntity> {
  // Only delta runs remove rows by scope; a full run need not hold a million scope values.
  const scope = withScopes ? (spec.scopeColumns ?? []) : [];
  const own = new StoredRows();
  let activeInTenant = 0;
  // Streamed: a million stored rows are held once, as the map, never also as a result array.
  const rows = (db as unknown as Kysely<Record<string, Row>>)
    .selectFrom(spec.table)
    .select(["sourced_id", "status", "sync_hash", ...scope])
    .where("tenant_id", "=", tenantId)
    .where("source_id", "=", sourceId)
    .stream(STREAM_CHUNK);
  for await (const row of rows) {
    // A row written before rows kept their digest: hash what is stored instead, for every row of the source.
    if (row.sync_hash === null) return readStoredContent(db, spec, tenantId, sourceId, scope);
    const active = row.status === "active";
    own.add(row.sourced_id as string, row.sync_hash as string, active, scopeOf(row, scope));
    if (active) activeInTenant++;
  }
  return { own, ...(await readOthers(db, spec, tenantId, sourceId, activeInTenant)) };
}

const STREAM_CHUNK = 10_000;

function scopeOf(row: Row, scope: readonly string[]): string[] | undefined {
  return scope.length > 0 ? scope.map((column) => String(row[column])) : undefined;
}

/** The digests computed from the stored content of every row of the source and its children. */
async function readStoredContent<E extends EntityName>(
  db: Kysely<Database>,
  spec: EntitySpec<E>,
  tenantId: string,
  sourceId: string,
  scope: readonly string[],
): Promise<StoredEntity> {
  const childRows = await Promise.all(spec.children.map((child) => readChildren(db, spec.table, child.table, child.parentColumn, child.columns, tenantId, sourceId)));
  const { rows } = await sql<Row & { sourced_id: string; status: string }>`
    select sourced_id, status, ${sql.join(spec.columns.map((c) => sql.ref(c)))}
    from ${sql.table(spec.table)} where tenant_id = ${tenantId} and source_id = ${sourceId}`.execute(db);
  const own = new StoredRows();
  let activeInTenant = 0;
  for (const row of rows) {
    const children = childRows.map((byParent) => byParent.get(row.sourced_id) ?? []);
    own.add(row.sourced_id, contentHash(spec, row, children), row.status === "active", scopeOf(row, scope), true);
    if (row.status === "active") activeInTenant++;
  }
  return { own, ...(await readOthers(db, spec, tenantId, sourceId, activeInTenant)) };
}

async function readOthers<E extends EntityName>(
  db: Kysely<Database>,
  spec: EntitySpec<E>,
  tenantId: string,
  sourceId: string,
  activeOwn: number,
): Promise<{ others: Map<string, string>; activeInTenant: number }> {
  let activeInTenant = activeOwn;
  const others = new Map<string, string>();
  const { rows: foreign } = await sql<{ sourced_id: string; source_id: string; status: string }>`
    select sourced_id, source_id, status from ${sql.table(spec.table)}
    where tenant_id = ${tenantId} and source_id <> ${sourceId}`.execute(db);
  for (const row of foreign) {
    others.set(row.sourced_id, row.source_id);
    if (row.status === "active") activeInTenant++;
  }
  return { others, activeInTenant };
}

async function readChildren(
  db: Kysely<Database>,
  parentTable: string,
  table: string,
  parentColumn: string,
  columns: readonly string[],
  tenantId: string,
  sourceId: string,
): Promise<Map<string, Row[]>> {
  const { rows } = await sql<Row & { parent: string }>`
    select c.${sql.ref(parentColumn)} as parent, ${sql.join(columns.map((col) => sql.ref(`c.${col}`)))}
    from ${sql.table(table)} c
    join ${sql.table(parentTable)} p on p.tenant_id = c.tenant_id and p.sourced_id = c.${sql.ref(parentColumn)}
    where p.tenant_id = ${tenantId} and p.source_id = ${sourceId}`.execute(db);
  const byParent = new Map<string, Row[]>();
  for (const row of rows) {
    const list = byParent.get(row.parent);
    if (list) list.push(row);
    else byParent.set(row.parent, [row]);
  }
  return byParent;
}
