import express, { type Express, type RequestHandler } from "express";
import type { DatabaseHandle } from "../../db/connection.ts";
import type { ApiClient } from "../../src/api/auth/api-client.ts";
import { oneRosterErrorHandler } from "../../src/api/v1p1/error-handler.ts";
import type { Guards } from "../../src/api/v1p1/guards.ts";
import { BASE_PATH } from "../../src/api/v1p1/request-context.ts";
import type { ResponseCache } from "../../src/api/v1p1/response-cache.ts";
import { oneRosterV1p1Router } from "../../src/api/v1p1/router.ts";

export const FULL_ACCESS: ApiClient = {
  clientId: "test-client",
  tenantId: "default",
  name: "test",
  scopes: ["roster.readonly", "resource.readonly", "gradebook.readonly", "gradebook.createput", "gradebook.delete"],
  schoolSourcedIds: null,
};

/**
 * The OneRoster routes alone, with authentication replaced by a fixed caller: for tests of what the routes answer.
 * The whole app (auth included) is tested in its own files.
 */
export function routesAs(database: DatabaseHandle, client: ApiClient = FULL_ACCESS, maxLimit = 10_000, responseCache?: ResponseCache): Express {
  const app = express();
  const as: RequestHandler = (_req, res, next) => {
    res.locals.client = client;
    next();
  };
  const guards: Guards = { rosterCore: as, demographics: as, resources: as, gradebookRead: as, gradebookWrite: as, gradebookDelete: as };
  app.use(BASE_PATH, express.json(), oneRosterV1p1Router({ db: database.db, maxLimit, ...(responseCache ? { responseCache } : {}) }, guards), oneRosterErrorHandler);
  return app;
}
