import type { RequestHandler, Router } from "express";
import { Registry, collectDefaultMetrics } from "prom-client";
import type { DatabaseHandle } from "../../../db/connection.ts";
import type { Logger } from "../../log/logger.ts";
import { requestMetrics } from "./http-metrics.ts";
import { metricsRouter } from "./metrics-route.ts";
import { registerRunMetrics } from "./run-metrics.ts";

export interface AppMetrics {
  registry: Registry;
  /** Mount first: counts and times every request. */
  recordRequests: RequestHandler;
  /** Serves GET /metrics (only when a token is configured). */
  router: Router;
}

/** The metrics of one app, in a registry of its own (never prom-client's global one). `now` places the run counts' window. */
export function createAppMetrics(database: DatabaseHandle, logger: Logger, token: string | undefined, now: () => Date = () => new Date()): AppMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const recordRequests = requestMetrics(registry);
  registerRunMetrics(registry, database.db, logger, now);
  return { registry, recordRequests, router: metricsRouter(registry, token) };
}
