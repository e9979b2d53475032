import { Router } from "express";
import type { DatabaseHandle } from "../../db/connection.ts";
import { LATEST_MIGRATION, currentMigration } from "../../db/migrator.ts";

/** Paths that load balancers and scrapers call often; they are left out of the request log. */
export const PROBE_PATHS = new Set(["/health", "/ready", "/metrics"]);

/**
 * GET /health: liveness, the process answers (never touches the database, so a slow database does not get the
 * process restarted). GET /ready: readiness, the database answers and is at the latest migration; 503 otherwise.
 */
export function healthRouter(database: DatabaseHandle): Router {
  const router = Router();
  router.get("/health", (_req, res) => {
    res.json({ status: "ok" });
  });
  router.get("/ready", async (_req, res) => {
    try {
      const migration = await currentMigration(database.db, database.schema);
      const upToDate = migration === LATEST_MIGRATION;
      res.status(upToDate ? 200 : 503).json({
        status: upToDate ? "ready" : "unavailable",
        database: { engine: database.engine, reachable: true, migration, latestMigration: LATEST_MIGRATION, upToDate },
      });
    } catch (error) {
      res.status(503).json({
        status: "unavailable",
        database: { engine: database.engine, reachable: false, error: (error as Error).message },
      });
    }
  });
  return router;
}
