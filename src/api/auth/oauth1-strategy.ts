import type { Request } from "express";
import { Strategy } from "passport";
import type { ApiClient } from "./api-client.ts";
import { recordAuthFailure, type AuthFailure } from "./auth-failure.ts";
import type { KnownClient } from "./client-cache.ts";
import { readOAuth1Request, REQUIRED_PROTOCOL_PARAMETERS } from "./oauth1-request.ts";
import { describeSignedRequest, oauth1Signature, SIGNATURE_METHODS, type SignatureMethod } from "./oauth1-signature.ts";
import { sameSecret } from "./same-secret.ts";

/** How far a request's oauth_timestamp may be from the server's clock, either way. */
export const TIMESTAMP_WINDOW_SECONDS = 5 * 60;

export interface OAuth1StrategyOptions {
  findClient: (clientId: string) => Promise<KnownClient | undefined>;
  /** true the first time a client uses a nonce, false on a replay. */
  useNonce: (clientId: string, nonce: string) => Promise<boolean>;
  now: () => Date;
  realm: string;
}

/** OAuth 1.0a one-legged request signing (RFC 5849) as OneRoster 1.1 requires, HMAC-SHA256 or HMAC-SHA1. */
export class OAuth1Strategy extends Strategy {
  override name = "oauth1";

  constructor(private readonly options: OAuth1StrategyOptions) {
    super();
  }

  override authenticate(req: Request): void {
    this.check(req).then(
      (outcome) => ("clientId" in outcome ? this.success(outcome) : this.refuse(req, outcome)),
      (error: unknown) => this.error(error as Error),
    );
  }

  private refuse(req: Request, failure: AuthFailure): void {
    const challenge = `OAuth realm="${this.options.realm}"`;
    recordAuthFailure(req, { ...failure, challenge });
    this.fail(challenge, failure.status);
  }

  private async check(req: Request): Promise<ApiClient | AuthFailure> {
    const { protocol, signed } = readOAuth1Request(req);
    const missing = REQUIRED_PROTOCOL_PARAMETERS.filter((name) => !protocol.get(name));
    if (missing.length > 0) return { status: 400, description: `OAuth 1.0a: missing ${missing.join(", ")}` };
    const method = protocol.get("oauth_signature_method")!;
    if (!(SIGNATURE_METHODS as readonly string[]).includes(method)) {
      return { status: 400, description: `OAuth 1.0a: oauth_signature_method "${method}" is not supported (use ${SIGNATURE_METHODS.join(" or ")})` };
    }
    const version = protocol.get("oauth_version");
    if (version !== undefined && version !== "1.0") {
      return { status: 400, description: `OAuth 1.0a: oauth_version "${version}" is not supported (use 1.0)` };
    }
    const timestamp = protocol.get("oauth_timestamp")!;
    const nowSeconds = Math.floor(this.options.now().getTime() / 1000);
    if (!/^\d{1,12}$/.test(timestamp) || Math.abs(Number(timestamp) - nowSeconds) > TIMESTAMP_WINDOW_SECONDS) {
      return {
        status: 401,
        description: `OAuth 1.0a: oauth_timestamp "${timestamp}" is more than ${TIMESTAMP_WINDOW_SECONDS / 60} minutes from the server's clock (${nowSeconds}); check the client's clock`,
      };
    }
    const clientId = protocol.get("oauth_consumer_key")!;
    const client = await this.options.findClient(clientId);
    if (!client || client.revokedAt) {
      return { status: 401, description: `OAuth 1.0a: the consumer key "${clientId}" is unknown or revoked` };
    }
    const expected = oauth1Signature(signed, method as SignatureMethod, client.secret);
    if (!sameSecret(protocol.get("oauth_signature")!, expected)) {
      return {
        status: 401,
        description: `OAuth 1.0a: the ${method} signature does not match; the server signed ${describeSignedRequest(signed)} with the consumer secret (check the secret, the URL and the parameters)`,
      };
    }
    if (!(await this.options.useNonce(clientId, protocol.get("oauth_nonce")!))) {
      return { status: 401, description: `OAuth 1.0a: oauth_nonce "${protocol.get("oauth_nonce")}" was already used; every request needs a new nonce` };
    }
    const { secret: _secret, createdAt: _created, revokedAt: _revoked, ...caller } = client;
    return caller;
  }
}
