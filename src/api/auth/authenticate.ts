import type { RequestHandler } from "express";
import { Passport } from "passport";
import { ApiError } from "../status-info.ts";
import type { ApiClient } from "./api-client.ts";
import { authFailureOf } from "./auth-failure.ts";
import { bearerStrategy, type BearerStrategyOptions } from "./bearer-strategy.ts";
import { isOAuth1Request } from "./oauth1-request.ts";
import { OAuth1Strategy, type OAuth1StrategyOptions } from "./oauth1-strategy.ts";

export const REALM = "OneRoster";

export type AuthenticateOptions = Omit<OAuth1StrategyOptions & BearerStrategyOptions, "realm">;

/**
 * Authenticates an API request by OAuth 2 bearer token or OAuth 1.0a signature and puts the caller in
 * `res.locals.client`; a refused request becomes an ApiError (400/401) with a WWW-Authenticate challenge.
 */
export function authenticate(options: AuthenticateOptions): RequestHandler {
  const passport = new Passport();
  passport.use("oauth1", new OAuth1Strategy({ ...options, realm: REALM }));
  passport.use("bearer", bearerStrategy({ ...options, realm: REALM }));
  const bothChallenges = [`Bearer realm="${REALM}"`, `OAuth realm="${REALM}"`];

  return (req, res, next) => {
    const strategy = /^Bearer\s/i.test(req.get("authorization") ?? "") || req.query.access_token !== undefined
      ? "bearer"
      : isOAuth1Request(req)
        ? "oauth1"
        : undefined;
    if (!strategy) {
      res.setHeader("WWW-Authenticate", bothChallenges);
      next(new ApiError(401, "unauthorisedrequest", "no credentials: send an OAuth 2 bearer token (from POST /token) or an OAuth 1.0a signed request"));
      return;
    }
    const handler = passport.authenticate(strategy, { session: false }, (error: unknown, client: ApiClient | false) => {
      if (error) return next(error);
      if (client) {
        res.locals.client = client;
        return next();
      }
      const failure = authFailureOf(req) ?? { status: 400 as const, description: "the Authorization header is malformed" };
      if (failure.challenge) res.setHeader("WWW-Authenticate", failure.challenge);
      next(new ApiError(failure.status, failure.status === 401 ? "unauthorisedrequest" : "invaliddata", failure.description));
    }) as RequestHandler;
    handler(req, res, next);
  };
}
