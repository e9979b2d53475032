import express, { type Request, type RequestHandler, type Response, type Router } from "express";
import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema.ts";
import { listExportRuns } from "../../../exporters/run-record.ts";
import { listHeldRuns } from "../../jobs/held-runs.ts";
import { listRuns } from "../../sync/run-record.ts";
import { ApiError } from "../status-info.ts";
import { oneRosterErrorHandler } from "../v1p1/error-handler.ts";
import { callerOf } from "../v1p1/request-context.ts";
import { signedInOf } from "./admin-auth.ts";
import { findRun, findTenant } from "./queries.ts";
import { param } from "./route-param.ts";

export const ADMIN_API_PATH = "/admin/api";
const DEFAULT_LIMIT = 20;
const MAX_LIMIT = 500;

/**
 * Who may read a tenant's run history: a signed-in admin (the page's session cookie), any tenant; or, as on
 * GET /admin/tenants/{t}/exports/oneroster-csv.zip, an API client of that tenant (OAuth 2 bearer token or OAuth 1.0a)
 * holding roster.readonly and not limited to some schools (run records speak of the whole tenant).
 */
function adminOrTenantClient(apiClientAuth: RequestHandler[]): RequestHandler {
  const clientAuth = express.Router();
  clientAuth.use(...apiClientAuth);
  return (req, res, next) => {
    if (signedInOf(res)) return next();
    clientAuth(req, res, (error?: unknown) => {
      if (error) return next(error);
      const caller = callerOf(res);
      if (caller.tenantId !== param(req, "tenantId")) return next(new ApiError(404, "unknownobject", `unknown tenant "${param(req, "tenantId")}"`));
      if (!caller.scopes.includes("roster.readonly")) {
        return next(new ApiError(403, "forbidden", "the admin API needs the scope roster.readonly, which this client does not hold"));
      }
      if (caller.schoolSourcedIds !== null) return next(new ApiError(403, "forbidden", "the admin API is for clients that see every school of the tenant"));
      next();
    });
  };
}

function limitOf(req: Request): number {
  const value = req.query.limit;
  if (value === undefined) return DEFAULT_LIMIT;
  if (typeof value !== "string" || !/^\d+$/.test(value) || Number(value) < 1 || Number(value) > MAX_LIMIT) {
    throw new ApiError(400, "invaliddata", `query limit: give a whole number from 1 to ${MAX_LIMIT}`);
  }
  return Number(value);
}

async function existingTenant(db: Kysely<Database>, req: Request): Promise<string> {
  const tenant = await findTenant(db, param(req, "tenantId"));
  if (!tenant) throw new ApiError(404, "unknownobject", `unknown tenant "${param(req, "tenantId")}"`);
  return tenant.id;
}

function noStore(res: Response): void {
  res.setHeader("Cache-Control", "no-store");
}

/**
 * The admin JSON API of run history:
 * - GET /admin/api/tenants/{t}/runs[?limit=n]: {imports, exports, held}: the newest import and export runs (20, at
 *   most 500) and the runs the mass-delete guard holds, with their approvals.
 * - GET /admin/api/tenants/{t}/runs/{id}: {kind: "import"|"export", run, held} for one run (held: its held-run entry
 *   with the approval, or null).
 * Errors are OneRoster statusInfoSets, as on the rest of the API.
 */
export function adminApiRouter(db: Kysely<Database>, apiClientAuth: RequestHandler[]): Router {
  const router = express.Router();
  const allowed = adminOrTenantClient(apiClientAuth);

  router.get(`${ADMIN_API_PATH}/tenants/:tenantId/runs`, allowed, async (req, res) => {
    const limit = limitOf(req);
    const tenantId = await existingTenant(db, req);
    const [imports, exports, held] = await Promise.all([listRuns(db, tenantId, limit), listExportRuns(db, tenantId, limit), listHeldRuns(db, tenantId)]);
    noStore(res);
    res.json({ tenantId, imports, exports, held });
  });

  router.get(`${ADMIN_API_PATH}/tenants/:tenantId/runs/:runId`, allowed, async (req, res) => {
    const tenantId = await existingTenant(db, req);
    const found = await findRun(db, tenantId, param(req, "runId"));
    if (!found) throw new ApiError(404, "unknownobject", `tenant "${tenantId}" has no run "${param(req, "runId")}"`);
    const held = found.kind === "import" ? ((await listHeldRuns(db, tenantId)).find((run) => run.runId === found.run.id) ?? null) : null;
    noStore(res);
    res.json({ ...found, held });
  });

  router.use(ADMIN_API_PATH, (_req, _res, next) => next(new ApiError(404, "unknownobject", "no such admin API endpoint")));
  router.use(ADMIN_API_PATH, oneRosterErrorHandler);
  return router;
}
