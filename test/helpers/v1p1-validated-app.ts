import express, { type Express, type RequestHandler } from "express";
import type { DatabaseHandle } from "../../db/connection.ts";
import type { ApiClient } from "../../src/api/auth/api-client.ts";
import { oneRosterV1p1Validator } from "../../src/api/openapi-validator.ts";
import { oneRosterErrorHandler } from "../../src/api/v1p1/error-handler.ts";
import type { Guards } from "../../src/api/v1p1/guards.ts";
import { BASE_PATH } from "../../src/api/v1p1/request-context.ts";
import { oneRosterV1p1Router } from "../../src/api/v1p1/router.ts";
import { FULL_ACCESS } from "./v1p1-app.ts";

/**
 * Like routesAs, with the OpenAPI request validator in front of the routes, mounted as the app mounts it: under the
 * base path, after the body parser and the caller's authentication.
 */
export function validatedRoutesAs(database: DatabaseHandle, client: ApiClient = FULL_ACCESS, maxLimit = 10_000): Express {
  const app = express();
  const authenticateAs: RequestHandler = (_req, res, next) => {
    res.locals.client = client;
    next();
  };
  const pass: RequestHandler = (_req, _res, next) => next();
  const guards: Guards = { rosterCore: pass, demographics: pass, resources: pass, gradebookRead: pass, gradebookWrite: pass, gradebookDelete: pass };
  app.use(
    BASE_PATH,
    express.json(),
    authenticateAs,
    oneRosterV1p1Validator(),
    oneRosterV1p1Router({ db: database.db, maxLimit }, guards),
    oneRosterErrorHandler,
  );
  return app;
}
