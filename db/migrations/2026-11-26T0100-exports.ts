import { sql, type Kysely } from "kysely";

/**
 * export_runs: one row per exporter run of a tenant's target (SDS, ASM, Graph, Classroom …), like sync_runs for imports.
 * export_state: what a cloud exporter last applied per record, so an unchanged rerun writes nothing and a crashed run
 * resumes without duplicates.
 */
const statements: string[] = [
  `create table export_runs (
    tenant_id text not null references tenants (id) on delete cascade,
    id text not null,
    target_id text not null,
    target_kind text not null,
    status text not null check (status in ('running', 'succeeded', 'failed', 'dry-run')),
    started_at timestamptz(3) not null default now(),
    finished_at timestamptz(3),
    counts jsonb not null default '{}',
    warnings jsonb not null default '[]',
    warning_count integer not null default 0,
    error text,
    primary key (tenant_id, id)
  )`,
  "create index export_runs_started on export_runs (tenant_id, started_at)",
  `create table export_state (
    tenant_id text not null references tenants (id) on delete cascade,
    target_id text not null,
    entity text not null,
    sourced_id text not null,
    remote_id text not null,
    applied_hash text not null,
    archived boolean not null default false,
    updated_at timestamptz(3) not null default now(),
    primary key (tenant_id, target_id, entity, sourced_id)
  )`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw("drop table if exists export_state").execute(db);
  await sql.raw("drop table if exists export_runs").execute(db);
}
