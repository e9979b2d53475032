import { randomBytes } from "node:crypto";
import type { Kysely, Selectable } from "kysely";
import type { ApiClientsTable, Database } from "../../../db/schema.ts";
import { schoolListProblem } from "../../tenancy/school-list.ts";
import type { ApiClient } from "./api-client.ts";
import { parseScopes, READ_ONLY_SCOPES, scopeNamesOf, scopeUri, UnknownScopeError } from "./scopes.ts";
import type { SecretBox } from "./secret-box.ts";

/** Input that names something that does not exist (tenant, school, scope): the caller's mistake, said in one line. */
export class ClientInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ClientInputError";
  }
}

export interface NewClient {
  tenantId: string;
  name: string;
  /** Short names or v1p1/v1p2 URIs; none = every read-only scope. */
  scopes?: readonly string[];
  /** null = every school of the tenant. */
  schoolSourcedIds: readonly string[] | null;
}

export interface ClientCredentials {
  clientId: string;
  clientSecret: string;
}

export interface ClientRecord extends ApiClient {
  createdAt: Date;
  revokedAt: Date | null;
}

function toRecord(row: Selectable<ApiClientsTable>): ClientRecord {
  return {
    clientId: row.client_id,
    tenantId: row.tenant_id,
    name: row.name,
    scopes: scopeNamesOf(row.scopes),
    schoolSourcedIds: row.school_sourced_ids,
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
  };
}

function checkedScopes(scopes: readonly string[] | undefined): string[] {
  try {
    const names = scopes && scopes.length > 0 ? parseScopes(scopes) : READ_ONLY_SCOPES;
    return names.map(scopeUri);
  } catch (error) {
    if (error instanceof UnknownScopeError) throw new ClientInputError(error.message);
    throw error;
  }
}

/** Creates a client; the returned secret is the only copy in the clear, so it is shown once and never again. */
export async function createClient(db: Kysely<Database>, box: SecretBox, input: NewClient): Promise<ClientCredentials> {
  const scopes = checkedScopes(input.scopes);
  const tenant = await db.selectFrom("tenants").select("id").where("id", "=", input.tenantId).executeTakeFirst();
  if (!tenant) throw new ClientInputError(`unknown tenant "${input.tenantId}"`);
  const schools = input.schoolSourcedIds === null ? null : [...new Set(input.schoolSourcedIds)];
  const problem = schools && (await schoolListProblem(db, input.tenantId, schools));
  if (problem) throw new ClientInputError(problem);

  const clientId = randomBytes(16).toString("hex");
  const clientSecret = randomBytes(32).toString("base64url");
  await db
    .insertInto("api_clients")
    .values({
      client_id: clientId,
      tenant_id: input.tenantId,
      name: input.name,
      secret_ciphertext: box.seal(clientSecret, clientId),
      scopes,
      school_sourced_ids: schools,
    })
    .execute();
  return { clientId, clientSecret };
}

/** Every client (revoked ones too), oldest first; never a secret. */
export async function listClients(db: Kysely<Database>, tenantId?: string): Promise<ClientRecord[]> {
  let query = db.selectFrom("api_clients").selectAll().orderBy("created_at").orderBy("client_id");
  if (tenantId !== undefined) query = query.where("tenant_id", "=", tenantId);
  return (await query.execute()).map(toRecord);
}

/** Revokes a client for good (a second call keeps the first time); undefined when there is no such client. */
export async function revokeClient(db: Kysely<Database>, clientId: string): Promise<{ revokedAt: Date } | undefined> {
  const row = await db
    .updateTable("api_clients")
    .set((eb) => ({ revoked_at: eb.fn.coalesce("revoked_at", eb.fn<Date>("now", [])) }))
    .where("client_id", "=", clientId)
    .returning("revoked_at")
    .executeTakeFirst();
  return row?.revoked_at ? { revokedAt: row.revoked_at } : undefined;
}

/** A client with its secret in the clear, revoked or not; undefined when unknown. */
export async function findClient(
  db: Kysely<Database>,
  box: SecretBox,
  clientId: string,
): Promise<(ClientRecord & { secret: string }) | undefined> {
  const row = await db.selectFrom("api_clients").selectAll().where("client_id", "=", clientId).executeTakeFirst();
  if (!row) return undefined;
  return { ...toRecord(row), secret: box.open(row.secret_ciphertext, row.client_id) };
}

/** A client that may call the API, with its secret in the clear; undefined when unknown or revoked. */
export async function findActiveClient(
  db: Kysely<Database>,
  box: SecretBox,
  clientId: string,
): Promise<(ApiClient & { secret: string }) | undefined> {
  const found = await findClient(db, box, clientId);
  if (!found || found.revokedAt) return undefined;
  const { createdAt: _created, revokedAt: _revoked, ...client } = found;
  return client;
}
