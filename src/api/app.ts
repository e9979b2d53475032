import express, { type Express } from "express";
import { pinoHttp } from "pino-http";
import type { DatabaseHandle } from "../../db/connection.ts";
import type { Logger } from "../log/logger.ts";
import { healthRouter } from "./health.ts";

export interface AppDependencies {
  database: DatabaseHandle;
  logger: Logger;
}

/** The HTTP application; route families are mounted here and live in their own files. */
export function createApp({ database, logger }: AppDependencies): Express {
  const app = express();
  app.disable("x-powered-by");
  app.use(pinoHttp({ logger, autoLogging: { ignore: (req) => req.url === "/health" } }));
  app.use(healthRouter(database));
  app.use((_req, res) => {
    res.status(404).json({ error: "not found" });
  });
  return app;
}
