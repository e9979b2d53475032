import { randomBytes } from "node:crypto";
import express, { type Request, type RequestHandler, type Router } from "express";
import type { Clock } from "./state.ts";

export interface AuthOptions {
  clientId: string;
  clientSecret: string;
  /** A bearer token that is always accepted, as a source configured with a static API key. */
  staticToken?: string;
  tokenTtlSeconds: number;
}

/** OAuth 2 client credentials (`POST /token`, Basic auth, form body) issuing opaque bearer tokens. */
export class TokenIssuer {
  readonly #options: AuthOptions;
  readonly #clock: Clock;
  /** Token → expiry (ms on the fake's clock). */
  readonly tokens = new Map<string, number>();
  issued = 0;
  /** Every token request as it arrived: its Content-Type, its Authorization header and its form fields. */
  readonly requests: Array<{ contentType: string | undefined; authorization: string | undefined; form: Record<string, unknown> }> = [];

  constructor(options: AuthOptions, clock: Clock) {
    this.#options = options;
    this.#clock = clock;
  }

  /** Forgets every issued token, as a source that rotated its keys. */
  revokeAll(): void {
    this.tokens.clear();
  }

  #client(req: Request): { id: string; secret: string } | undefined {
    const header = req.headers.authorization;
    if (header?.startsWith("Basic ")) {
      const decoded = Buffer.from(header.slice(6), "base64").toString("utf8");
      const colon = decoded.indexOf(":");
      if (colon < 0) return undefined;
      return { id: decodeURIComponent(decoded.slice(0, colon)), secret: decodeURIComponent(decoded.slice(colon + 1)) };
    }
    const body = (req.body ?? {}) as Record<string, unknown>;
    if (typeof body.client_id === "string" && typeof body.client_secret === "string") return { id: body.client_id, secret: body.client_secret };
    return undefined;
  }

  router(): Router {
    const router = express.Router();
    router.post("/token", express.urlencoded({ extended: false }), (req, res) => {
      const body = (req.body ?? {}) as Record<string, unknown>;
      this.requests.push({ contentType: req.headers["content-type"], authorization: req.headers.authorization, form: { ...body } });
      if (body.grant_type !== "client_credentials") {
        res.status(400).json({ error: "unsupported_grant_type" });
        return;
      }
      const client = this.#client(req);
      if (!client || client.id !== this.#options.clientId || client.secret !== this.#options.clientSecret) {
        res.status(401).set("WWW-Authenticate", 'Basic realm="ss12000-fake"').json({ error: "invalid_client" });
        return;
      }
      const token = randomBytes(24).toString("base64url");
      this.tokens.set(token, Date.parse(this.#clock.now()) + this.#options.tokenTtlSeconds * 1000);
      this.issued++;
      res.set("Cache-Control", "no-store").json({ access_token: token, token_type: "Bearer", expires_in: this.#options.tokenTtlSeconds });
    });
    return router;
  }

  /** Refuses a request without a valid bearer token with 401 and an SS 12000 Error body. */
  guard(): RequestHandler {
    return (req, res, next) => {
      const header = req.headers.authorization ?? "";
      const token = header.startsWith("Bearer ") ? header.slice(7).trim() : undefined;
      const expiry = token === undefined ? undefined : this.tokens.get(token);
      const valid =
        token !== undefined &&
        ((this.#options.staticToken !== undefined && token === this.#options.staticToken) ||
          (expiry !== undefined && expiry > Date.parse(this.#clock.now())));
      if (valid) {
        next();
        return;
      }
      res
        .status(401)
        .set("WWW-Authenticate", token === undefined ? 'Bearer realm="ss12000-fake"' : 'Bearer realm="ss12000-fake", error="invalid_token"')
        .json({ code: "UNAUTHORIZED", message: token === undefined ? "bearer token required" : "invalid or expired token" });
    };
  }
}
