import express, { type RequestHandler, type Router } from "express";
import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema.ts";
import { ExportRequestError } from "../../csv/request.ts";
import { writeOneRosterCsvZip } from "../../csv/export-zip.ts";
import type { Logger } from "../../log/logger.ts";
import { requireScope } from "../auth/scope-guards.ts";
import { ApiError } from "../status-info.ts";
import { oneRosterErrorHandler } from "../v1p1/error-handler.ts";
import { callerOf } from "../v1p1/request-context.ts";

export const ONEROSTER_CSV_EXPORT_PATH = "/admin/tenants/:tenantId/exports/oneroster-csv.zip";

function oneQueryValue(value: unknown, name: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "string") throw new ApiError(400, "invaliddata", `query ${name}: give it once`);
  return value;
}

/** The schools asked for (?schools=a,b), which a school-limited client may only narrow, never widen. */
function schoolsOf(asked: string | undefined, limit: readonly string[] | null): readonly string[] | undefined {
  const named = asked?.split(",").map((id) => id.trim()).filter(Boolean);
  if (!named) return limit ?? undefined;
  const outside = limit ? named.filter((id) => !limit.includes(id)) : [];
  if (outside.length > 0) throw new ApiError(404, "unknownobject", `unknown school "${outside[0]}"`);
  return named;
}

/**
 * GET /admin/tenants/{t}/exports/oneroster-csv.zip[?since=ISO&schools=a,b]: the tenant's OneRoster 1.1 CSV zip (bulk,
 * or a delta since the time), streamed as it is read. For an API client of that tenant holding roster.readonly; a
 * school-limited client gets its schools' data only, and another tenant is 404 as if it did not exist.
 */
export function oneRosterCsvExportRouter(db: Kysely<Database>, logger: Logger, authenticated: RequestHandler[]): Router {
  const router = express.Router();
  router.get(ONEROSTER_CSV_EXPORT_PATH, ...authenticated, requireScope("roster.readonly"), async (req, res, next) => {
    try {
      const caller = callerOf(res);
      const tenantId = req.params.tenantId!;
      if (caller.tenantId !== tenantId) throw new ApiError(404, "unknownobject", `unknown tenant "${tenantId}"`);
      const since = oneQueryValue(req.query.since, "since");
      const schools = schoolsOf(oneQueryValue(req.query.schools, "schools"), caller.schoolSourcedIds);
      const kind = since ? "delta" : "bulk";
      res.type("application/zip");
      res.setHeader("Content-Disposition", `attachment; filename="oneroster-${tenantId}-${kind}.zip"`);
      res.setHeader("Cache-Control", "no-store");
      await writeOneRosterCsvZip(
        db,
        { tenantId, ...(since ? { since } : {}), ...(schools ? { schoolSourcedIds: schools } : {}), logger: logger.child({ clientId: caller.clientId }) },
        res,
      );
    } catch (error) {
      if (!res.headersSent) for (const name of ["Content-Type", "Content-Disposition"]) res.removeHeader(name);
      next(error instanceof ExportRequestError ? new ApiError(400, "invaliddata", `${error.option}: ${error.message}`) : error);
    }
  });
  router.use(ONEROSTER_CSV_EXPORT_PATH, oneRosterErrorHandler);
  return router;
}
