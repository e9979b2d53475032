import { sql, type Kysely } from "kysely";

/**
 * run_approvals: an administrator's approval of an import run the mass-delete guard stopped ("held"). The approval
 * is for the source's next run, which takes it once (used_at) and applies the removals as if forced.
 */
const statements: string[] = [
  `create table run_approvals (
    tenant_id text not null,
    run_id text not null,
    approved_by text not null,
    approved_at timestamptz(3) not null default now(),
    used_at timestamptz(3),
    primary key (tenant_id, run_id),
    foreign key (tenant_id, run_id) references sync_runs (tenant_id, id) on delete cascade
  )`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw("drop table if exists run_approvals").execute(db);
}
