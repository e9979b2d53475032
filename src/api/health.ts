import { Router } from "express";
import type { DatabaseHandle } from "../../db/connection.ts";
import { LATEST_MIGRATION, currentMigration } from "../../db/migrator.ts";

/** GET /health: the database answers and which migration it is on. 503 when it does not answer. */
export function healthRouter(database: DatabaseHandle): Router {
  const router = Router();
  router.get("/health", async (_req, res) => {
    try {
      const migration = await currentMigration(database.db, database.schema);
      res.json({
        status: "ok",
        database: {
          engine: database.engine,
          reachable: true,
          migration,
          upToDate: migration === LATEST_MIGRATION,
        },
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
