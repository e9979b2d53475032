import { timingSafeEqual } from "node:crypto";
import { Router } from "express";
import type { Registry } from "prom-client";

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * GET /metrics in Prometheus text format, for a scraper holding `Authorization: Bearer <token>`. Without a token
 * configured there is no /metrics at all (404): metrics name tenants and sources and are not for the world.
 */
export function metricsRouter(registry: Registry, token: string | undefined): Router {
  const router = Router();
  if (!token) return router;
  router.get("/metrics", async (req, res, next) => {
    const given = /^Bearer (.+)$/i.exec(req.get("authorization") ?? "")?.[1]?.trim();
    if (!given || !sameToken(given, token)) {
      res.status(401).set("WWW-Authenticate", 'Bearer realm="metrics"').json({ error: "a bearer token (METRICS_TOKEN) is needed" });
      return;
    }
    try {
      const body = await registry.metrics();
      res.set("Content-Type", registry.contentType).send(body);
    } catch (error) {
      next(error);
    }
  });
  return router;
}
