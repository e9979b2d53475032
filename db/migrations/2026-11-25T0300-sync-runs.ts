import { sql, type Kysely } from "kysely";

/** One row per sync run (import) of a tenant's source: what it did, or why it stopped or failed. */
const statements: string[] = [
  `create table sync_runs (
    tenant_id text not null references tenants (id) on delete cascade,
    id text not null,
    source_id text not null,
    source_kind text not null,
    mode text not null check (mode in ('full', 'delta')),
    status text not null check (status in ('running', 'succeeded', 'failed', 'stopped')),
    forced boolean not null default false,
    started_at timestamptz(3) not null default now(),
    finished_at timestamptz(3),
    counts jsonb not null default '{}',
    warnings jsonb not null default '[]',
    warning_count integer not null default 0,
    error text,
    primary key (tenant_id, id),
    foreign key (tenant_id, source_id) references sources (tenant_id, id) on delete cascade
  )`,
  "create index sync_runs_started on sync_runs (tenant_id, started_at)",
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw("drop table if exists sync_runs").execute(db);
}
