import { sql, type Kysely } from "kysely";

/** API clients (OAuth credentials of a tenant) and the OAuth 1.0a nonce replay store. */
const statements: string[] = [
  `create table api_clients (
    client_id text primary key,
    tenant_id text not null references tenants (id) on delete cascade,
    name text not null,
    secret_ciphertext text not null,
    scopes text[] not null,
    school_sourced_ids text[],
    created_at timestamptz not null default now(),
    revoked_at timestamptz
  )`,
  "create index api_clients_tenant on api_clients (tenant_id)",
  `create table oauth_nonces (
    client_id text not null references api_clients (client_id) on delete cascade,
    nonce text not null,
    expires_at timestamptz not null,
    primary key (client_id, nonce)
  )`,
  "create index oauth_nonces_expires_at on oauth_nonces (expires_at)",
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ["oauth_nonces", "api_clients"]) await sql.raw(`drop table if exists ${table}`).execute(db);
}
