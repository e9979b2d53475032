import { randomUUID } from "node:crypto";
import { errors, jwtVerify, SignJWT } from "jose";
import { scopeNamesOf, scopeUri, type ScopeName } from "./scopes.ts";
import type { SecretBox } from "./secret-box.ts";

export const TOKEN_ISSUER = "oneroster-server";
export const TOKEN_LIFETIME_SECONDS = 3600;

export interface AccessTokenClaims {
  clientId: string;
  tenantId: string;
  scopes: ScopeName[];
}

/** HS256 key of access tokens, derived from the secret key so every replica signs and verifies alike. */
export function accessTokenKey(box: SecretBox): Uint8Array {
  return box.deriveKey("access-token HS256");
}

export async function issueAccessToken(key: Uint8Array, claims: AccessTokenClaims, now: Date): Promise<string> {
  const issuedAt = Math.floor(now.getTime() / 1000);
  return new SignJWT({ tenant: claims.tenantId, scope: claims.scopes.map(scopeUri).join(" ") })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuer(TOKEN_ISSUER)
    .setSubject(claims.clientId)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + TOKEN_LIFETIME_SECONDS)
    .setJti(randomUUID())
    .sign(key);
}

export class AccessTokenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "AccessTokenError";
  }
}

/** The claims of a valid, unexpired token of this server; AccessTokenError says why a token is refused. */
export async function verifyAccessToken(key: Uint8Array, token: string, now: Date): Promise<AccessTokenClaims> {
  try {
    const { payload } = await jwtVerify(token, key, {
      algorithms: ["HS256"],
      issuer: TOKEN_ISSUER,
      currentDate: now,
      requiredClaims: ["sub", "exp", "iat", "tenant", "scope"],
    });
    if (typeof payload.tenant !== "string" || typeof payload.scope !== "string") {
      throw new AccessTokenError("the access token lacks its tenant or scope");
    }
    return { clientId: payload.sub!, tenantId: payload.tenant, scopes: scopeNamesOf(payload.scope.split(" ")) };
  } catch (error) {
    if (error instanceof AccessTokenError) throw error;
    if (error instanceof errors.JWTExpired) throw new AccessTokenError("the access token has expired; get a new one at POST /token");
    if (error instanceof errors.JOSEError) throw new AccessTokenError("the access token is not one this server issued, or it was altered");
    throw error;
  }
}
