import type { ColumnType, Generated } from "kysely";
import type { Timestamp } from "./common.ts";

/** A consumer of the REST API: OAuth 1.0a consumer key / OAuth 2 client id of one tenant. */
export interface ApiClientsTable {
  /** Globally unique: a consumer key arrives without its tenant. */
  client_id: string;
  tenant_id: string;
  name: string;
  /** AES-256-GCM of the client secret (src/api/auth/secret-box.ts), never the secret itself. */
  secret_ciphertext: string;
  /** Full v1p1 scope URIs. */
  scopes: ColumnType<string[], string[], string[]>;
  /** null = every school of the tenant. */
  school_sourced_ids: ColumnType<string[] | null, string[] | null | undefined, string[] | null>;
  created_at: Generated<Date>;
  revoked_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

/** OAuth 1.0a nonces seen recently: the replay store, shared by every API replica. */
export interface OauthNoncesTable {
  client_id: string;
  nonce: string;
  expires_at: Timestamp;
}
