import express, { type Response, type Router } from "express";
import { rateLimit } from "express-rate-limit";
import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema.ts";
import { issueAccessToken, TOKEN_LIFETIME_SECONDS } from "./access-token.ts";
import { findClient } from "./clients.ts";
import { sameSecret } from "./same-secret.ts";
import { presentedCredentials } from "./client-credentials.ts";
import { scopeName, scopeUri, type ScopeName } from "./scopes.ts";
import type { SecretBox } from "./secret-box.ts";

export const TOKEN_PATH = "/token";
/** Failed token requests one address may make per minute: guessing secrets stays slow. */
const FAILURES_PER_MINUTE = 30;

export interface TokenRouteOptions {
  db: Kysely<Database>;
  box: SecretBox;
  tokenKey: Uint8Array;
  now: () => Date;
}

function oauthError(res: Response, status: number, error: string, description: string): void {
  if (error === "invalid_client") res.setHeader("WWW-Authenticate", 'Basic realm="OneRoster"');
  res.status(status).json({ error, error_description: description });
}

/** The requested scopes (any spelling) as the client's own short names; undefined = all it holds. */
function grantedScopes(requested: unknown, held: readonly string[]): { scopes: ScopeName[] } | { problem: string } {
  if (requested === undefined || requested === "") return { scopes: held as ScopeName[] };
  if (typeof requested !== "string") return { problem: "scope must be one space-separated string" };
  const scopes: ScopeName[] = [];
  for (const value of requested.split(" ").filter(Boolean)) {
    const name = scopeName(value);
    if (!name) return { problem: `unknown scope "${value}"` };
    if (!held.includes(name)) return { problem: `this client is not granted the scope "${value}"` };
    if (!scopes.includes(name)) scopes.push(name);
  }
  return { scopes };
}

/** POST /token: OAuth 2 client credentials grant (RFC 6749 §4.4) issuing signed JWT access tokens. */
export function tokenRouter(options: TokenRouteOptions): Router {
  const router = express.Router();
  const failures = rateLimit({
    windowMs: 60_000,
    limit: FAILURES_PER_MINUTE,
    skipSuccessfulRequests: true,
    standardHeaders: "draft-8",
    legacyHeaders: false,
    handler: (_req, res) => oauthError(res, 429, "slow_down", "too many failed token requests from this address; wait a minute"),
  });
  router.post(TOKEN_PATH, failures, express.urlencoded({ extended: false, limit: "16kb" }), async (req, res, next) => {
    try {
      res.setHeader("Cache-Control", "no-store");
      res.setHeader("Pragma", "no-cache");
      if (!req.is("application/x-www-form-urlencoded")) {
        return oauthError(res, 400, "invalid_request", "the body must be application/x-www-form-urlencoded");
      }
      const credentials = presentedCredentials(req);
      if ("problem" in credentials) return oauthError(res, 401, "invalid_client", credentials.problem);
      const client = await findClient(options.db, options.box, credentials.clientId);
      if (!client || client.revokedAt || !sameSecret(credentials.clientSecret, client.secret)) {
        return oauthError(res, 401, "invalid_client", "unknown client, revoked client or wrong secret");
      }
      const body = req.body as Record<string, unknown>;
      if (body.grant_type !== "client_credentials") {
        return oauthError(res, 400, "unsupported_grant_type", `grant_type must be client_credentials, not ${JSON.stringify(body.grant_type ?? null)}`);
      }
      const granted = grantedScopes(body.scope, client.scopes);
      if ("problem" in granted) return oauthError(res, 400, "invalid_scope", granted.problem);
      const accessToken = await issueAccessToken(
        options.tokenKey,
        { clientId: client.clientId, tenantId: client.tenantId, scopes: granted.scopes },
        options.now(),
      );
      res.json({
        access_token: accessToken,
        token_type: "bearer",
        expires_in: TOKEN_LIFETIME_SECONDS,
        scope: granted.scopes.map(scopeUri).join(" "),
      });
    } catch (error) {
      next(error);
    }
  });
  return router;
}
