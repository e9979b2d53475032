import express, { type Request, type Response, type Router } from "express";
import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema.ts";
import { listExportRuns } from "../../../exporters/run-record.ts";
import { approveHeldRun, HeldRunError, listHeldRuns } from "../../jobs/held-runs.ts";
import type { Logger } from "../../log/logger.ts";
import { listRuns } from "../../sync/run-record.ts";
import { ClientInputError, createClient, listClients, revokeClient } from "../auth/clients.ts";
import type { SecretBox } from "../auth/secret-box.ts";
import { adminOf, requireAdmin, requireCsrf } from "./admin-auth.ts";
import { html, page, path } from "./html.ts";
import { findRun, findTenant, listTenantSummaries, schoolCounts } from "./queries.ts";
import { param } from "./route-param.ts";
import type { SessionKeys } from "./session.ts";
import { clientCreatedPage, messagePage } from "./views/message-view.ts";
import { runPage } from "./views/run-view.ts";
import { tenantPage } from "./views/tenant-view.ts";
import { tenantsPage } from "./views/tenants-view.ts";

export interface PagesOptions {
  db: Kysely<Database>;
  box: SecretBox;
  keys: SessionKeys;
  logger: Logger;
}

/** How many of the newest import and export runs the tenant page shows. */
const RUNS_SHOWN = 10;

function signedIn(res: Response) {
  const { session, csrfToken } = adminOf(res);
  return { user: session.user, csrfToken };
}

/** A form field given once or repeated (checkboxes), as a list of non-empty strings. */
function listField(value: unknown): string[] {
  const values = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return values.filter((v): v is string => typeof v === "string" && v.trim() !== "").map((v) => v.trim());
}

const TENANTS = { href: "/admin", text: "Back to the tenants" };

/** The admin pages (GET) and their forms (POST, each checked for the session's CSRF token). */
export function pagesRouter({ db, box, keys, logger }: PagesOptions): Router {
  const router = express.Router();
  const refuse = (res: Response, status: number, title: string, message: string, back = TENANTS) =>
    res.status(status).type("html").send(messagePage(title, message, back, res.locals.admin ? signedIn(res) : undefined));
  router.use("/admin", requireAdmin((res) => refuse(res, 401, "Signed out", "Your session has ended; sign in again.", { href: "/admin/login", text: "Sign in" })));
  const csrf = requireCsrf(keys, (res) => refuse(res, 403, "Refused", "This form had expired or did not come from this page (CSRF check); nothing was changed."));

  /** The tenant of the path, or a 404 page (then undefined). */
  async function tenantOf(req: Request, res: Response) {
    const tenant = await findTenant(db, param(req, "tenantId"));
    if (!tenant) refuse(res, 404, "Not found", `There is no tenant "${param(req, "tenantId")}".`);
    return tenant;
  }

  router.get("/admin", async (_req, res) => {
    const [tenants, held] = await Promise.all([listTenantSummaries(db), listHeldRuns(db)]);
    const heldByTenant = new Map<string, number>();
    for (const run of held) if (!run.approval) heldByTenant.set(run.tenantId, (heldByTenant.get(run.tenantId) ?? 0) + 1);
    res.type("html").send(tenantsPage(tenants, heldByTenant, signedIn(res)));
  });

  router.get("/admin/tenants/:tenantId", async (req, res) => {
    const tenant = await tenantOf(req, res);
    if (!tenant) return;
    const [imports, exports, held, clients, schools] = await Promise.all([
      listRuns(db, tenant.id, RUNS_SHOWN),
      listExportRuns(db, tenant.id, RUNS_SHOWN),
      listHeldRuns(db, tenant.id),
      listClients(db, tenant.id),
      schoolCounts(db, tenant.id),
    ]);
    const approved = held.find((run) => run.runId === req.query.approved && run.approval);
    const revoked = clients.find((client) => client.clientId === req.query.revoked && client.revokedAt);
    const notice = approved
      ? `Approved run ${approved.runId}: the next run of source "${approved.sourceId}" applies what the guard held back.`
      : revoked
        ? `Revoked API client ${revoked.clientId} ("${revoked.name}"): its signatures and tokens stop working within 30 seconds.`
        : undefined;
    res.type("html").send(tenantPage({ tenant, imports, exports, held, clients, schools, ...(notice ? { notice } : {}) }, signedIn(res)));
  });

  router.get("/admin/tenants/:tenantId/runs/:runId", async (req, res) => {
    const tenant = await tenantOf(req, res);
    if (!tenant) return;
    const found = await findRun(db, tenant.id, param(req, "runId"));
    if (!found) return refuse(res, 404, "Not found", `Tenant "${tenant.id}" has no run "${param(req, "runId")}".`, { href: path`/admin/tenants/${tenant.id}`, text: "Back to the tenant" });
    const held = found.kind === "import" && found.run.status === "stopped" ? (await listHeldRuns(db, tenant.id)).find((run) => run.runId === found.run.id) : undefined;
    res.type("html").send(runPage(tenant, found, held, signedIn(res)));
  });

  router.post("/admin/tenants/:tenantId/held-runs/:runId/approve", csrf, async (req, res) => {
    const tenant = await tenantOf(req, res);
    if (!tenant) return;
    const { user } = adminOf(res).session;
    try {
      const run = await approveHeldRun(db, tenant.id, param(req, "runId"), user);
      logger.info({ tenant: tenant.id, runId: run.runId, source: run.sourceId, admin: user }, "held run approved for the source's next run");
      res.redirect(303, `${path`/admin/tenants/${tenant.id}`}?approved=${encodeURIComponent(run.runId)}`);
    } catch (error) {
      if (!(error instanceof HeldRunError)) throw error;
      refuse(res, error.problem === "not-found" ? 404 : 409, "Not approved", error.message, { href: path`/admin/tenants/${tenant.id}`, text: "Back to the tenant" });
    }
  });

  router.post("/admin/tenants/:tenantId/clients", csrf, async (req, res) => {
    const tenant = await tenantOf(req, res);
    if (!tenant) return;
    const back = { href: path`/admin/tenants/${tenant.id}`, text: "Back to the tenant" };
    const body = (req.body ?? {}) as Record<string, unknown>;
    const name = typeof body.name === "string" ? body.name.trim() : "";
    if (name === "" || name.length > 200) return refuse(res, 400, "Not created", "Give the client a name (at most 200 characters).", back);
    const schools = listField(body.schools);
    try {
      const credentials = await createClient(db, box, { tenantId: tenant.id, name, scopes: listField(body.scopes), schoolSourcedIds: schools.length > 0 ? schools : null });
      logger.info({ tenant: tenant.id, clientId: credentials.clientId, admin: adminOf(res).session.user }, "API client created");
      res.type("html").send(clientCreatedPage(tenant.id, credentials, name, signedIn(res)));
    } catch (error) {
      if (!(error instanceof ClientInputError)) throw error;
      refuse(res, 400, "Not created", error.message, back);
    }
  });

  router.post("/admin/tenants/:tenantId/clients/:clientId/revoke", csrf, async (req, res) => {
    const tenant = await tenantOf(req, res);
    if (!tenant) return;
    const clientId = param(req, "clientId");
    const own = (await listClients(db, tenant.id)).some((client) => client.clientId === clientId);
    if (!own) return refuse(res, 404, "Not found", `Tenant "${tenant.id}" has no API client "${clientId}".`, { href: path`/admin/tenants/${tenant.id}`, text: "Back to the tenant" });
    await revokeClient(db, clientId);
    logger.info({ tenant: tenant.id, clientId, admin: adminOf(res).session.user }, "API client revoked");
    res.redirect(303, `${path`/admin/tenants/${tenant.id}`}?revoked=${encodeURIComponent(clientId)}`);
  });

  router.use("/admin", (_req, res) => {
    res.status(404).type("html").send(page("Not found", html`<h1>Not found</h1><p><a href="/admin">Back to the tenants</a></p>`, signedIn(res)));
  });
  return router;
}
