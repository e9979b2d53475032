import type { RequestHandler } from "express";
import { rateLimit } from "express-rate-limit";
import { ApiError } from "../status-info.ts";
import { callerOf } from "../v1p1/request-context.ts";

/**
 * At most `perMinute` requests a minute per API client (0: no limit), counted in this process: with several
 * replicas behind a balancer a client gets up to that many per replica.
 */
export function clientRateLimit(perMinute: number): RequestHandler {
  if (perMinute === 0) return (_req, _res, next) => next();
  return rateLimit({
    windowMs: 60_000,
    limit: perMinute,
    standardHeaders: "draft-8",
    legacyHeaders: false,
    keyGenerator: (_req, res) => callerOf(res).clientId,
    handler: (_req, _res, next) => next(new ApiError(429, "server_busy", `this client made more than ${perMinute} requests in a minute; slow down`)),
  });
}
