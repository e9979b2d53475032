import type { Request } from "express";
import { Strategy as HttpBearerStrategy, type VerifyFunctionWithRequest } from "passport-http-bearer";
import { AccessTokenError, verifyAccessToken } from "./access-token.ts";
import type { ApiClient } from "./api-client.ts";
import { recordAuthFailure } from "./auth-failure.ts";
import type { KnownClient } from "./client-cache.ts";

export interface BearerStrategyOptions {
  tokenKey: Uint8Array;
  findClient: (clientId: string) => Promise<KnownClient | undefined>;
  now: () => Date;
  realm: string;
}

/** The caller of a valid token, with the token's scopes narrowed to what the client still holds. */
async function callerOfToken(options: BearerStrategyOptions, token: string): Promise<ApiClient | string> {
  let claims;
  try {
    claims = await verifyAccessToken(options.tokenKey, token, options.now());
  } catch (error) {
    if (error instanceof AccessTokenError) return error.message;
    throw error;
  }
  const client = await options.findClient(claims.clientId);
  if (!client || client.revokedAt || client.tenantId !== claims.tenantId) {
    return "the client this access token was issued to is unknown or revoked";
  }
  return {
    clientId: client.clientId,
    tenantId: client.tenantId,
    name: client.name,
    scopes: claims.scopes.filter((scope) => client.scopes.includes(scope)),
    schoolSourcedIds: client.schoolSourcedIds,
  };
}

/** OAuth 2 bearer tokens issued by POST /token (RFC 6750), via passport-http-bearer. */
export function bearerStrategy(options: BearerStrategyOptions): HttpBearerStrategy<VerifyFunctionWithRequest> {
  const verify: VerifyFunctionWithRequest = (req: Request, token, done) => {
    callerOfToken(options, token).then(
      (caller) => {
        if (typeof caller !== "string") return done(null, caller);
        recordAuthFailure(req, {
          status: 401,
          description: `OAuth 2: ${caller}`,
          challenge: `Bearer realm="${options.realm}", error="invalid_token", error_description="${caller.replaceAll('"', "'")}"`,
        });
        return done(null, false, caller);
      },
      (error: unknown) => done(error),
    );
  };
  return new HttpBearerStrategy({ realm: options.realm, passReqToCallback: true }, verify);
}
