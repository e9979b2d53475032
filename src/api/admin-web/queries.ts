import type { Kysely, Selectable } from "kysely";
import type { Database, ExportRunsTable, SyncRunsTable } from "../../../db/schema.ts";
import type { ExportCounts, ExportWarning } from "../../../exporters/contract.ts";
import type { ExportRun } from "../../../exporters/run-record.ts";
import type { SyncRun } from "../../sync/run-record.ts";
import type { SyncWarning } from "../../sync/types.ts";

/** What the admin pages read beyond the run, client and held-run modules: tenants, one run, counts per school. */

export interface TenantSummary {
  id: string;
  name: string;
  lastImport: { status: string; startedAt: Date } | null;
  lastExport: { status: string; startedAt: Date } | null;
}

export async function listTenantSummaries(db: Kysely<Database>): Promise<TenantSummary[]> {
  const [tenants, imports, exports] = await Promise.all([
    db.selectFrom("tenants").select(["id", "name"]).orderBy("id").execute(),
    db.selectFrom("sync_runs").distinctOn("tenant_id").select(["tenant_id", "status", "started_at"]).orderBy("tenant_id").orderBy("started_at", "desc").execute(),
    db.selectFrom("export_runs").distinctOn("tenant_id").select(["tenant_id", "status", "started_at"]).orderBy("tenant_id").orderBy("started_at", "desc").execute(),
  ]);
  const latest = (rows: Array<{ tenant_id: string; status: string; started_at: Date }>) => new Map(rows.map((r) => [r.tenant_id, { status: r.status, startedAt: r.started_at }]));
  const lastImports = latest(imports);
  const lastExports = latest(exports);
  return tenants.map((t) => ({ id: t.id, name: t.name, lastImport: lastImports.get(t.id) ?? null, lastExport: lastExports.get(t.id) ?? null }));
}

export async function findTenant(db: Kysely<Database>, tenantId: string): Promise<{ id: string; name: string } | undefined> {
  return db.selectFrom("tenants").select(["id", "name"]).where("id", "=", tenantId).executeTakeFirst();
}

function toSyncRun(r: Selectable<SyncRunsTable>): SyncRun {
  return {
    id: r.id,
    tenantId: r.tenant_id,
    sourceId: r.source_id,
    sourceKind: r.source_kind,
    mode: r.mode,
    status: r.status,
    forced: r.forced,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    counts: r.counts as unknown as SyncRun["counts"],
    warnings: r.warnings as unknown as SyncWarning[],
    warningCount: r.warning_count,
    error: r.error,
  };
}

function toExportRun(r: Selectable<ExportRunsTable>): ExportRun {
  return {
    id: r.id,
    tenantId: r.tenant_id,
    targetId: r.target_id,
    targetKind: r.target_kind,
    status: r.status,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    counts: r.counts as unknown as ExportCounts,
    warnings: r.warnings as unknown as ExportWarning[],
    warningCount: r.warning_count,
    error: r.error,
  };
}

export type FoundRun = { kind: "import"; run: SyncRun } | { kind: "export"; run: ExportRun };

/** One import or export run of the tenant by its id (the ids are UUIDs, so they do not collide across the two). */
export async function findRun(db: Kysely<Database>, tenantId: string, runId: string): Promise<FoundRun | undefined> {
  const sync = await db.selectFrom("sync_runs").selectAll().where("tenant_id", "=", tenantId).where("id", "=", runId).executeTakeFirst();
  if (sync) return { kind: "import", run: toSyncRun(sync) };
  const exported = await db.selectFrom("export_runs").selectAll().where("tenant_id", "=", tenantId).where("id", "=", runId).executeTakeFirst();
  return exported ? { kind: "export", run: toExportRun(exported) } : undefined;
}

export interface SchoolCounts {
  sourcedId: string;
  name: string;
  identifier: string | null;
  /** Active users linked to the school, by role. */
  usersByRole: Record<string, number>;
  classes: number;
  enrollments: number;
}

/** The tenant's active schools with their active users (by role), classes and enrollments, by school name. */
export async function schoolCounts(db: Kysely<Database>, tenantId: string): Promise<SchoolCounts[]> {
  const active = "active" as const;
  const [schools, users, classes, enrollments] = await Promise.all([
    db.selectFrom("orgs").select(["sourced_id", "name", "identifier"]).where("tenant_id", "=", tenantId).where("type", "=", "school").where("status", "=", active).orderBy("name").orderBy("sourced_id").execute(),
    db
      .selectFrom("user_orgs as uo")
      .innerJoin("users as u", (join) => join.onRef("u.tenant_id", "=", "uo.tenant_id").onRef("u.sourced_id", "=", "uo.user_sourced_id"))
      .select(["uo.org_sourced_id as school", "u.role", (eb) => eb.fn.countAll<string>().as("n")])
      .where("uo.tenant_id", "=", tenantId)
      .where("u.status", "=", active)
      .groupBy(["uo.org_sourced_id", "u.role"])
      .execute(),
    db.selectFrom("classes").select(["school_sourced_id as school", (eb) => eb.fn.countAll<string>().as("n")]).where("tenant_id", "=", tenantId).where("status", "=", active).groupBy("school_sourced_id").execute(),
    db.selectFrom("enrollments").select(["school_sourced_id as school", (eb) => eb.fn.countAll<string>().as("n")]).where("tenant_id", "=", tenantId).where("status", "=", active).groupBy("school_sourced_id").execute(),
  ]);
  const bySchool = (rows: Array<{ school: string; n: string | number | bigint }>) => new Map(rows.map((r) => [r.school, Number(r.n)]));
  const classCounts = bySchool(classes);
  const enrollmentCounts = bySchool(enrollments);
  return schools.map((s) => ({
    sourcedId: s.sourced_id,
    name: s.name,
    identifier: s.identifier,
    usersByRole: Object.fromEntries(users.filter((u) => u.school === s.sourced_id).map((u) => [u.role, Number(u.n)])),
    classes: classCounts.get(s.sourced_id) ?? 0,
    enrollments: enrollmentCounts.get(s.sourced_id) ?? 0,
  }));
}
