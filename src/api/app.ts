import cors from "cors";
import express, { type Express } from "express";
import helmet from "helmet";
import { pinoHttp } from "pino-http";
import type { DatabaseHandle } from "../../db/connection.ts";
import { readSettings, type Settings } from "../config/env.ts";
import type { Logger } from "../log/logger.ts";
import { oneRosterCsvExportRouter } from "./admin/oneroster-csv-route.ts";
import { adminWebRouter } from "./admin-web/router.ts";
import { accessTokenKey } from "./auth/access-token.ts";
import { authenticate } from "./auth/authenticate.ts";
import { cachedClientLookup } from "./auth/client-cache.ts";
import { clientRateLimit } from "./auth/client-rate-limit.ts";
import { nonceStore } from "./auth/nonce-store.ts";
import { scopeGuards } from "./auth/scope-guards.ts";
import type { SecretBox } from "./auth/secret-box.ts";
import { tokenRouter } from "./auth/token-route.ts";
import { docsRouter } from "./docs.ts";
import { PROBE_PATHS, healthRouter } from "./health.ts";
import { createAppMetrics } from "./metrics/app-metrics.ts";
import { oneRosterV1p1Validator } from "./openapi-validator.ts";
import { oneRosterErrorHandler } from "./v1p1/error-handler.ts";
import { BASE_PATH } from "./v1p1/request-context.ts";
import { serveFromResponseCache, type ResponseCache } from "./v1p1/response-cache.ts";
import { oneRosterV1p1Router } from "./v1p1/router.ts";

export type ApiSettings = Pick<Settings, "MAX_PAGE_SIZE" | "RATE_LIMIT_PER_MINUTE" | "CORS_ORIGINS" | "TRUST_PROXY"> &
  Partial<Pick<Settings, "METRICS_TOKEN" | "ADMIN_USER" | "ADMIN_PASSWORD_HASH">>;

export interface AppDependencies {
  database: DatabaseHandle;
  logger: Logger;
  /** Opens client secrets and keys the access tokens. */
  secretBox: SecretBox;
  /** Defaults: the environment's defaults. */
  settings?: ApiSettings;
  now?: () => Date;
  /** Whole answers of OneRoster GETs; absent = none. */
  responseCache?: ResponseCache;
}

/** Gradebook bodies are a few hundred bytes; anything near this is not a OneRoster request. */
const BODY_LIMIT = "256kb";

/** The HTTP application; route families are mounted here and live in their own files. */
export function createApp({ database, logger, secretBox, settings = readSettings({}), now = () => new Date(), responseCache }: AppDependencies): Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", settings.TRUST_PROXY);
  const metrics = createAppMetrics(database, logger, settings.METRICS_TOKEN, now);
  app.use(metrics.recordRequests);
  app.use(pinoHttp({ logger, autoLogging: { ignore: (req) => PROBE_PATHS.has((req.url ?? "").split("?")[0]!) } }));
  // Plain-HTTP deployments behind an internal proxy are common: the browsable docs must not be forced to https.
  app.use(helmet({ contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } } }));
  if (settings.CORS_ORIGINS.length > 0) app.use(cors({ origin: settings.CORS_ORIGINS, exposedHeaders: ["X-Total-Count", "Link"] }));
  app.use(healthRouter(database));
  app.use(metrics.router);
  app.use(docsRouter());

  const tokenKey = accessTokenKey(secretBox);
  app.use(tokenRouter({ db: database.db, box: secretBox, tokenKey, now }));
  const findClient = cachedClientLookup(database.db, secretBox, now);
  const authenticated = [
    express.json({ limit: BODY_LIMIT }),
    express.urlencoded({ extended: false, limit: BODY_LIMIT }),
    authenticate({ findClient, useNonce: nonceStore(database.db, now, logger), tokenKey, now }),
    clientRateLimit(settings.RATE_LIMIT_PER_MINUTE),
  ];
  app.use(oneRosterCsvExportRouter(database.db, logger, authenticated));
  app.use(
    adminWebRouter({
      db: database.db, box: secretBox, logger, now,
      user: settings.ADMIN_USER ?? "admin", passwordHash: settings.ADMIN_PASSWORD_HASH, apiClientAuth: authenticated,
    }),
  );
  app.use(
    BASE_PATH,
    ...authenticated,
    ...(responseCache ? [serveFromResponseCache(responseCache)] : []),
    oneRosterV1p1Validator(),
    oneRosterV1p1Router({ db: database.db, maxLimit: settings.MAX_PAGE_SIZE, ...(responseCache ? { responseCache } : {}) }, scopeGuards()),
    oneRosterErrorHandler,
  );
  app.use((_req, res) => {
    res.status(404).json({ error: "not found" });
  });
  return app;
}
