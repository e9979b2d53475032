import { sql, type ControlledTransaction, type Kysely } from "kysely";
import { columnTypesOf, type ColumnTypes } from "../../db/column-types.ts";
import { copyRows } from "../../db/copy-rows.ts";
import { dedicatedSession, type DedicatedSession } from "../../db/dedicated-session.ts";
import type { Database } from "../../db/schema.ts";
import { ENTITY_ORDER, type EntityName } from "../model/canonical.ts";
import type { ChildSpec, EntitySpec, Row } from "./entities.ts";
import { SPECS } from "./entities.ts";
import type { Batch, EntityPlan, Pending, ProvisionalSettled } from "./plan.ts";
import type { SyncProgress } from "./types.ts";

const MAX_BATCH = 5_000;
/** Rows per insert statement (a COPY, or one json parameter): only its size bounds it. */
const INSERT_BATCH = 10_000;
/**
 * Once this many rows have been inserted into a table in one run, its statistics are refreshed (inside the
 * transaction, which ANALYZE sees), so Postgres plans the foreign-key checks of the rows that follow as index lookups
 * rather than as scans of the table it thought empty. Once is enough: a lookup by unique key stays an index lookup
 * however much the table grows after (re-analysing every 20 000 rows cost 13 s of a 930 000-enrollment import).
 */
const ANALYZE_AFTER = 20_000;
/** Tables whose references the database checks a statement at a time unless the writer checks them at its end. */
const REFS_CHECKED_AT_END = new Set(["enrollments", "user_orgs", "user_agents"]);
/**
 * Once a run has inserted this many rows into such a table, their references are checked once at the entity's end
 * (one join of the tenant's rows) rather than a statement at a time (an index lookup per row and parent): 50 000
 * enrollments' lookups cost about as much as one check of a large municipality's.
 */
const REFS_AT_END_FROM = 50_000;

export interface ApplyScope {
  tenantId: string;
  sourceId: string;
  onProgress: (progress: SyncProgress) => void;
  /** See REFS_AT_END_FROM (tests set it low). */
  refsAtEndFrom?: number;
}

/**
 * Writes a run's plans in one transaction, opened when the first rows are ready: each entity's new and changed rows
 * (with their child rows) as planning hands them over, so a million planned rows are written as they come rather
 * than held until the end; then, once the whole plan has passed the mass-delete guard, stored digests and removals.
 * Nothing is visible to anyone else until commit; rollback undoes every row written so far.
 *
 * While the transaction is open the run's own reads must go through `executor` (the embedded engine has one session,
 * which the transaction holds).
 */
export class PlanWriter {
  #tx: ControlledTransaction<Database> | undefined;
  /** PostgreSQL: the connection the transaction holds, which inserts with COPY. */
  #session: DedicatedSession | undefined;
  readonly #columnTypes = new Map<string, ColumnTypes>();
  /** Rows inserted per table since its statistics were last refreshed, across all of the run's writes. */
  readonly #sinceAnalyze = new Map<string, number>();
  /** Rows inserted per table in this run. */
  readonly #inserted = new Map<string, number>();
  /** Tables analysed while their rows were still being inserted. */
  readonly #analysedWhileGrowing = new Set<string>();
  /** Tables whose references this writer checks at the entity's end (see REFS_AT_END_FROM). */
  readonly #refsAtEnd = new Set<string>();
  /** Rows of the entity's `namesOwnEntity` child tables (by child index), written once all its records are. */
  #heldBack = new Map<number, Row[]>();
  /** The batch being written while the next one is planned; its failure surfaces at the next call. */
  #inFlight: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly scope: ApplyScope,
  ) {}

  get executor(): Kysely<Database> {
    return this.#tx ?? this.db;
  }

  /**
   * Starts writing a batch's new rows and changed rows (children replaced) and returns once the previous batch is
   * written, so planning the next batch (Node) overlaps writing this one (Postgres). The batch must not change after.
   */
  async write(spec: EntitySpec<EntityName>, batch: Batch): Promise<void> {
    if (batch.creates.size === 0 && batch.updates.size === 0) return;
    await this.#inFlight;
    const writing = this.#writeNow(spec, batch);
    // Awaited by the next call; until then a failure must not count as unhandled.
    writing.catch(() => {});
    this.#inFlight = writing;
  }

  async #writeNow(spec: EntitySpec<EntityName>, batch: Batch): Promise<void> {
    const tx = await this.#open();
    await this.#insertRows(tx, spec, batch);
    await updateRows(tx, spec, batch, this.scope);
    await this.#replaceChildren(tx, spec, batch);
  }

  /**
   * After an entity's last batch: the child rows held back (links between its records), but those whose link was
   * dropped, and the new digests of records that lost a link after they were written.
   */
  async writeHeldBack(spec: EntitySpec<EntityName>, settled: ProvisionalSettled): Promise<void> {
    await this.#inFlight;
    const heldBack = this.#heldBack;
    this.#heldBack = new Map();
    if (heldBack.size === 0 && settled.hashes.size === 0) return;
    const tx = await this.#open();
    for (const [index, rows] of heldBack) {
      const child = spec.children[index]!;
      const kept = rows.filter((row) => {
        const drops = settled.droppedLinks.get(row[child.parentColumn] as string);
        return !drops?.some((d) => d.child === index && d.values.has(row[d.column] as string));
      });
      await this.#insertBatches(tx, child.table, kept, (n) => this.scope.onProgress({ phase: "apply", entity: spec.entity, step: "children", rows: n }));
    }
    await storeHashes(tx, spec, [...settled.hashes], this.scope);
  }

  /**
   * After an entity's last write: statistics of the tables that grew, for the foreign-key checks of what follows;
   * then the references left to this writer are checked, and later statements are checked by the database again.
   */
  async endEntity(spec: EntitySpec<EntityName>): Promise<void> {
    await this.#inFlight;
    const tx = this.#tx;
    if (!tx) return;
    const tables = [spec.table, ...spec.children.map((c) => c.table)];
    for (const table of tables) {
      if ((this.#sinceAnalyze.get(table) ?? 0) === 0) continue;
      if ((this.#inserted.get(table) ?? 0) >= ANALYZE_AFTER) await this.#analyze(tx, table);
    }
    for (const table of tables.filter((t) => this.#refsAtEnd.has(t))) {
      await sql`select oneroster_check_refs(${table}, ${this.scope.tenantId})`.execute(tx);
      await setForTransaction(tx, `oneroster.refs_at_end_${table}`, false);
      this.#refsAtEnd.delete(table);
    }
  }

  /** The rest of an accepted plan (digests of unchanged rows, removals as status changes), then commit. */
  async commit(plans: ReadonlyMap<EntityName, EntityPlan>): Promise<void> {
    const needed = ENTITY_ORDER.some((e) => (plans.get(e)?.backfill.size ?? 0) + (plans.get(e)?.removals.size ?? 0) > 0);
    await this.#inFlight;
    if (!this.#tx && !needed) return;
    const tx = await this.#open();
    for (const entity of ENTITY_ORDER) {
      const plan = plans.get(entity);
      if (plan) await backfillHashes(tx, SPECS[entity] as EntitySpec<EntityName>, plan, this.scope);
    }
    for (const entity of ENTITY_ORDER) {
      const plan = plans.get(entity);
      if (plan?.removals.size) await markRemoved(tx, SPECS[entity].table, plan, this.scope);
    }
    this.#tx = undefined;
    await this.#end(() => tx.commit().execute());
  }

  /** Undoes every row written so far (nothing, if nothing was). */
  async rollback(): Promise<void> {
    await this.#inFlight.catch(() => {});
    const tx = this.#tx;
    this.#tx = undefined;
    if (tx) await this.#end(() => tx.rollback().execute());
  }

  /** Ends the transaction and gives its connection back (closed, if ending failed). */
  async #end(finish: () => Promise<void>): Promise<void> {
    const session = this.#session;
    this.#session = undefined;
    try {
      await finish();
    } catch (error) {
      await session?.release(error as Error);
      throw error;
    }
    await session?.release();
  }

  async #open(): Promise<ControlledTransaction<Database>> {
    if (!this.#tx) {
      this.#session = await dedicatedSession(this.db);
      const tx = await (this.#session?.db ?? this.db).startTransaction().execute();
      // This writer dates the parents of the child rows it writes itself (see updateRows): the child tables' triggers
      // need not join every child row to its parent.
      await setForTransaction(tx, "oneroster.parents_touched", true);
      this.#tx = tx;
    }
    return this.#tx;
  }

  async #analyze(tx: Kysely<Database>, table: string): Promise<void> {
    await sql`analyze ${sql.table(table)}`.execute(tx);
    this.#sinceAnalyze.set(table, 0);
  }

  /**
   * Inserts rows a batch per statement. PostgreSQL: a COPY on the transaction's connection (10 000 enrollments: 333
   * against 423 ms as json, triggers and indexes included). The embedded engine: the batch is one json parameter and
   * json_populate_recordset gives every value its column's type (arrays and jsonb included), which Postgres parses far
   * faster than thousands of placeholders. Rows are made a batch at a time from the plan, so they are never held twice.
   */
  async #insertBatches(tx: Kysely<Database>, table: string, rows: Iterable<Row>, onBatch: (rows: number) => void): Promise<void> {
    for (const batch of batchesOf(rows, INSERT_BATCH)) {
      const names = Object.keys(batch[0]!);
      // Statistics first, then the batch: Postgres plans this batch's foreign-key checks with what is in the table.
      if ((this.#inserted.get(table) ?? 0) >= ANALYZE_AFTER && !this.#analysedWhileGrowing.has(table)) {
        this.#analysedWhileGrowing.add(table);
        await this.#analyze(tx, table);
      }
      if (this.#session) {
        await copyRows(this.#session.client, table, names, batch, await columnTypesOf(tx, table, this.#columnTypes));
      } else {
        const columns = sql.join(names.map((c) => sql.ref(c)));
        await sql`insert into ${sql.table(table)} (${columns})
          select ${columns} from json_populate_recordset(null::${sql.table(table)}, ${JSON.stringify(batch)}::json)`.execute(tx);
      }
      onBatch(batch.length);
      const first = !this.#inserted.has(table);
      this.#sinceAnalyze.set(table, (this.#sinceAnalyze.get(table) ?? 0) + batch.length);
      this.#inserted.set(table, (this.#inserted.get(table) ?? 0) + batch.length);
      // A table never analysed is planned as nearly empty, also by the checks of the rows that name it: the first
      // user_orgs batch found each of its 10 000 users by scanning the tenant's users (3.3 s instead of 50 ms), and
      // 199 schools were looked up by scanning the tenant's index for each of 180 000 users' foreign keys.
      if (first && (await neverAnalysed(tx, table))) await this.#analyze(tx, table);
      if (REFS_CHECKED_AT_END.has(table) && !this.#refsAtEnd.has(table) && this.#inserted.get(table)! >= (this.scope.refsAtEndFrom ?? REFS_AT_END_FROM)) {
        this.#refsAtEnd.add(table);
        await setForTransaction(tx, `oneroster.refs_at_end_${table}`, true);
      }
    }
  }

  async #insertRows(tx: Kysely<Database>, spec: EntitySpec<EntityName>, plan: Batch): Promise<void> {
    const { tenantId, sourceId } = this.scope;
    function* rows(): Generator<Row> {
      for (const [sourcedId, { row, hash }] of parentsFirst(plan.creates)) {
        yield { tenant_id: tenantId, sourced_id: sourcedId, source_id: sourceId, status: "active", sync_hash: hash, ...row };
      }
    }
    await this.#insertBatches(tx, spec.table, rows(), (n) => this.scope.onProgress({ phase: "apply", entity: spec.entity, step: "insert", rows: n }));
  }

  /** Child rows of changed records are replaced wholesale; the database touches the parent only on a real change. */
  async #replaceChildren(tx: Kysely<Database>, spec: EntitySpec<EntityName>, plan: Batch): Promise<void> {
    if (spec.children.length === 0) return;
    const { tenantId } = this.scope;
    const updated = [...plan.updates.keys()];
    for (const [index, child] of spec.children.entries()) {
      for (let i = 0; i < updated.length; i += MAX_BATCH) {
        await sql`delete from ${sql.table(child.table)} where tenant_id = ${tenantId}
          and ${sql.ref(child.parentColumn)} = any(${updated.slice(i, i + MAX_BATCH)}::text[])`.execute(tx);
      }
      function* rows(): Generator<Row> {
        for (const pending of [plan.creates, plan.updates]) {
          for (const [sourcedId, { children }] of pending) {
            for (const row of children[index] ?? []) yield childRow(child, tenantId, sourcedId, row);
          }
        }
      }
      if (child.namesOwnEntity) {
        const held = this.#heldBack.get(index) ?? [];
        this.#heldBack.set(index, held);
        for (const row of rows()) held.push(row);
        continue;
      }
      await this.#insertBatches(tx, child.table, rows(), (n) => this.scope.onProgress({ phase: "apply", entity: spec.entity, step: "children", rows: n }));
    }
  }
}

/**
 * Turns one of the settings by which this writer tells the database's triggers what it does itself on or off, for the
 * rest of its transaction (oneroster.parents_touched: migration 0500; oneroster.refs_at_end_<table>: migration 0700).
 */
async function setForTransaction(tx: Kysely<Database>, setting: string, on: boolean): Promise<void> {
  await sql`select set_config(${setting}, ${on ? "on" : "off"}, true)`.execute(tx);
}

async function neverAnalysed(db: Kysely<Database>, table: string): Promise<boolean> {
  const { rows } = await sql<{ reltuples: number }>`select reltuples from pg_class where oid = to_regclass(${table})`.execute(db);
  return (rows[0]?.reltuples ?? -1) < 0;
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
 * Changed rows, a batch per statement: the batch travels as one json parameter and json_populate_recordset gives
 * every value its column's type. The row trigger moves date_last_modified where the row itself differs; a record with
 * child rows is dated here, since its change may be in its children alone (its digest covers them), and the child
 * tables' triggers leave parents to this writer.
 */
async function updateRows(tx: Kysely<Database>, spec: EntitySpec<EntityName>, plan: Batch, scope: ApplyScope): Promise<void> {
  function* rows(): Generator<Row> {
    for (const [sourcedId, { row, hash }] of plan.updates) yield { ...row, sourced_id: sourcedId, sync_hash: hash };
  }
  const assignments = sql.join([
    ...[...spec.columns, "sync_hash"].map((c) => sql`${sql.ref(c)} = r.${sql.ref(c)}`),
    ...(spec.children.length > 0 ? [sql`date_last_modified = now()`] : []),
  ]);
  for (const batch of batchesOf(rows(), MAX_BATCH)) {
    await sql`update ${sql.table(spec.table)} as t set ${assignments}, status = 'active'
      from json_populate_recordset(null::${sql.table(spec.table)}, ${JSON.stringify(batch)}::json) as r
      where t.tenant_id = ${scope.tenantId} and t.source_id = ${scope.sourceId} and t.sourced_id = r.sourced_id`.execute(tx);
    scope.onProgress({ phase: "apply", entity: spec.entity, step: "update", rows: batch.length });
  }
}

function childRow(child: ChildSpec, tenantId: string, parent: string, row: Row): Row {
  return { tenant_id: tenantId, [child.parentColumn]: parent, ...row };
}

async function markRemoved(tx: Kysely<Database>, table: string, plan: EntityPlan, scope: ApplyScope): Promise<void> {
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
async function backfillHashes(tx: Kysely<Database>, spec: EntitySpec<EntityName>, plan: EntityPlan, scope: ApplyScope): Promise<void> {
  await storeHashes(tx, spec, [...plan.backfill], scope);
}

/** Sets the stored digest of the given rows of this source. */
async function storeHashes(tx: Kysely<Database>, spec: EntitySpec<EntityName>, entries: Array<[string, string]>, scope: ApplyScope): Promise<void> {
  for (let i = 0; i < entries.length; i += INSERT_BATCH) {
    const batch = entries.slice(i, i + INSERT_BATCH);
    await sql`update ${sql.table(spec.table)} as t set sync_hash = b.hash
      from unnest(${batch.map(([id]) => id)}::text[], ${batch.map(([, hash]) => hash)}::text[]) as b(sourced_id, hash)
      where t.tenant_id = ${scope.tenantId} and t.source_id = ${scope.sourceId} and t.sourced_id = b.sourced_id`.execute(tx);
  }
}
