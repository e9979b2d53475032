import { sql, type Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { ENTITY_ORDER, type EntityName } from "../model/canonical.ts";
import type { ChildSpec, EntitySpec, Row } from "./entities.ts";
import { SPECS } from "./entities.ts";
import type { EntityPlan, Pending } from "./plan.ts";
import type { SyncProgress } from "./types.ts";

const MAX_BATCH = 5_000;
/** Rows per insert statement: the batch travels as one jsonb parameter, so only its size bounds it. */
const INSERT_BATCH = 10_000;
/**
 * After this many rows inserted into a table in one run, its statistics are refreshed (inside the transaction, which
 * ANALYZE sees), so Postgres plans the foreign-key checks of the rows that follow as index lookups rather than as
 * scans of the table it thought empty.
 */
const ANALYZE_AFTER = 20_000;

interface Scope {
  tenantId: string;
  sourceId: string;
  onProgress: (progress: SyncProgress) => void;
}

/**
 * Writes the plans inside the caller's transaction: per entity (parents first) the new rows and the changed rows in
 * batches, their child rows replaced; then removals as status changes, in batches. Unchanged rows cost
 * nothing. Any error propagates, and the caller's transaction rolls everything back.
 */
export async function applyPlans(tx: Kysely<Database>, plans: ReadonlyMap<EntityName, EntityPlan>, scope: Scope): Promise<void> {
  for (const entity of ENTITY_ORDER) {
    const plan = plans.get(entity);
    if (!plan) continue;
    const spec = SPECS[entity] as EntitySpec<EntityName>;
    await insertRows(tx, spec, plan, scope);
    await updateRows(tx, spec, plan, scope);
    await replaceChildren(tx, spec, plan, scope);
    await backfillHashes(tx, spec, plan, scope);
  }
  for (const entity of ENTITY_ORDER) {
    const plan = plans.get(entity);
    if (plan?.removals.size) await markRemoved(tx, SPECS[entity].table, plan, scope);
  }
}

/**
 * Inserts rows a batch per statement: the batch is one jsonb parameter and jsonb_populate_recordset gives every value
 * its column's type (arrays and jsonb included), which Postgres parses far faster than thousands of placeholders.
 * Rows are made a batch at a time from the plan, so a million new rows are never held twice.
 */
async function insertBatches(tx: Kysely<Database>, table: string, rows: Iterable<Row>, onBatch: (rows: number) => void): Promise<void> {
  let inserted = 0;
  let sinceAnalyze = 0;
  for (const batch of batchesOf(rows, INSERT_BATCH)) {
    const columns = sql.join(Object.keys(batch[0]!).map((c) => sql.ref(c)));
    // Statistics first, then the batch: Postgres plans this batch's foreign-key checks with what is in the table.
    if (sinceAnalyze >= ANALYZE_AFTER) {
      await sql`analyze ${sql.table(table)}`.execute(tx);
      sinceAnalyze = 0;
    }
    await sql`insert into ${sql.table(table)} (${columns})
      select ${columns} from jsonb_populate_recordset(null::${sql.table(table)}, ${JSON.stringify(batch)}::jsonb)`.execute(tx);
    onBatch(batch.length);
    inserted += batch.length;
    sinceAnalyze += batch.length;
  }
  if (inserted >= ANALYZE_AFTER) await sql`analyze ${sql.table(table)}`.execute(tx);
}

function* batchesOf<T>(items: Iterable<T>, size: number): Generator<T[]> {
  let batch: T[] = [];
  for (const item of items) {
    batch.push(item);
    if (batch.length === size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

async function insertRows(tx: Kysely<Database>, spec: EntitySpec<EntityName>, plan: EntityPlan, scope: Scope): Promise<void> {
  function* rows(): Generator<Row> {
    for (const [sourcedId, { row, hash }] of parentsFirst(plan.creates)) {
      yield { tenant_id: scope.tenantId, sourced_id: sourcedId, source_id: scope.sourceId, status: "active", sync_hash: hash, ...row };
    }
  }
  await insertBatches(tx, spec.table, rows(), (n) => scope.onProgress({ phase: "apply", entity: spec.entity, step: "insert", rows: n }));
}

/** Orders new records so a parent (org, session) is inserted no later than the records that name it. */
function parentsFirst(creates: Map<string, Pending>): Array<[string, Pending]> {
  const ordered: Array<[string, Pending]> = [];
  const visited = new Set<string>();
  const visit = (id: string, pending: Pending) => {
    if (visited.has(id)) return;
    visited.add(id);
    for (const reference of pending.selfReferences) {
      const parent = creates.get(reference.sourcedId);
      if (parent) visit(reference.sourcedId, parent);
    }
    ordered.push([id, pending]);
  };
  for (const [id, pending] of creates) visit(id, pending);
  return ordered;
}

/**
 * Changed rows, a batch per statement: the batch travels as one jsonb parameter and jsonb_populate_recordset gives
 * every value its column's type. The row trigger still moves date_last_modified only where the row really differs.
 */
async function updateRows(tx: Kysely<Database>, spec: EntitySpec<EntityName>, plan: EntityPlan, scope: Scope): Promise<void> {
  function* rows(): Generator<Row> {
    for (const [sourcedId, { row, hash }] of plan.updates) yield { ...row, sourced_id: sourcedId, sync_hash: hash };
  }
  const assignments = sql.join([...spec.columns, "sync_hash"].map((c) => sql`${sql.ref(c)} = r.${sql.ref(c)}`));
  for (const batch of batchesOf(rows(), MAX_BATCH)) {
    await sql`update ${sql.table(spec.table)} as t set ${assignments}, status = 'active'
      from jsonb_populate_recordset(null::${sql.table(spec.table)}, ${JSON.stringify(batch)}::jsonb) as r
      where t.tenant_id = ${scope.tenantId} and t.source_id = ${scope.sourceId} and t.sourced_id = r.sourced_id`.execute(tx);
    scope.onProgress({ phase: "apply", entity: spec.entity, step: "update", rows: batch.length });
  }
}

/** Child rows of changed records are replaced wholesale; the database touches the parent only on a real change. */
async function replaceChildren(tx: Kysely<Database>, spec: EntitySpec<EntityName>, plan: EntityPlan, scope: Scope): Promise<void> {
  if (spec.children.length === 0) return;
  const updated = [...plan.updates.keys()];
  for (const [index, child] of spec.children.entries()) {
    for (let i = 0; i < updated.length; i += MAX_BATCH) {
      await sql`delete from ${sql.table(child.table)} where tenant_id = ${scope.tenantId}
        and ${sql.ref(child.parentColumn)} = any(${updated.slice(i, i + MAX_BATCH)}::text[])`.execute(tx);
    }
    function* rows(): Generator<Row> {
      for (const pending of [plan.creates, plan.updates]) {
        for (const [sourcedId, { children }] of pending) {
          for (const row of children[index] ?? []) yield childRow(child, scope.tenantId, sourcedId, row);
        }
      }
    }
    await insertBatches(tx, child.table, rows(), (n) => scope.onProgress({ phase: "apply", entity: spec.entity, step: "children", rows: n }));
  }
}

function childRow(child: ChildSpec, tenantId: string, parent: string, row: Row): Row {
  return { tenant_id: tenantId, [child.parentColumn]: parent, ...row };
}

async function markRemoved(tx: Kysely<Database>, table: string, plan: EntityPlan, scope: Scope): Promise<void> {
  const ids = [...plan.removals];
  for (let i = 0; i < ids.length; i += MAX_BATCH) {
    const batch = ids.slice(i, i + MAX_BATCH);
    await sql`update ${sql.table(table)} set status = 'tobedeleted'
      where tenant_id = ${scope.tenantId} and source_id = ${scope.sourceId} and status = 'active'
        and sourced_id = any(${batch}::text[])`.execute(tx);
    scope.onProgress({ phase: "apply", entity: plan.entity, step: "remove", rows: batch.length });
  }
}

/** Stores the digest of unchanged rows that had none (written before rows kept one); their content stays as it is. */
async function backfillHashes(tx: Kysely<Database>, spec: EntitySpec<EntityName>, plan: EntityPlan, scope: Scope): Promise<void> {
  const entries = [...plan.backfill];
  for (let i = 0; i < entries.length; i += INSERT_BATCH) {
    const batch = entries.slice(i, i + INSERT_BATCH);
    await sql`update ${sql.table(spec.table)} as t set sync_hash = b.hash
      from unnest(${batch.map(([id]) => id)}::text[], ${batch.map(([, hash]) => hash)}::text[]) as b(sourced_id, hash)
      where t.tenant_id = ${scope.tenantId} and t.source_id = ${scope.sourceId} and t.sourced_id = b.sourced_id`.execute(tx);
  }
}
