import type { Express } from "express";
import type { Kysely } from "kysely";
import request from "supertest";
import type { DatabaseHandle } from "../../../db/connection.ts";
import type { Database } from "../../../db/schema.ts";
import { hashPassword } from "../../../src/api/admin-web/password-hash.ts";
import { createApp, type ApiSettings } from "../../../src/api/app.ts";
import { readSettings } from "../../../src/config/env.ts";
import { createLogger } from "../../../src/log/logger.ts";
import { TEST_SECRET_BOX } from "../../helpers/api-auth.ts";

export const ADMIN_PASSWORD = "rätt häst batteri";
/** A cheap scrypt cost keeps sign-ins fast in tests; the format is the one `oneroster admin hash-password` prints. */
export const ADMIN_HASH = await hashPassword(ADMIN_PASSWORD, { N: 1024, r: 8, p: 1 });

export function adminApp(database: DatabaseHandle, settings: Partial<ApiSettings> = { ADMIN_PASSWORD_HASH: ADMIN_HASH }): Express {
  return createApp({ database, logger: createLogger("silent"), secretBox: TEST_SECRET_BOX, settings: { ...readSettings({}), ...settings } });
}

/** The CSRF token of the (first) form of a page. */
export function csrfOf(page: string): string {
  const match = page.match(/name="_csrf" value="([^"]+)"/);
  if (!match) throw new Error(`no _csrf field in: ${page.slice(0, 300)}`);
  return match[1]!;
}

/** Signs the agent in through the login form, as a browser would; resolves with the POST's response. */
export async function signIn(agent: request.Agent, password = ADMIN_PASSWORD, user = "admin"): Promise<request.Response> {
  const form = await agent.get("/admin/login").expect(200);
  return agent.post("/admin/login").type("form").send({ _csrf: csrfOf(form.text), username: user, password });
}

export const RUNS = {
  succeeded: "11111111-0000-4000-8000-000000000001",
  held: "11111111-0000-4000-8000-000000000002",
  exported: "11111111-0000-4000-8000-000000000003",
} as const;

export const GUARD_ERROR =
  "mass-delete guard stopped the run, nothing was written: 120 of 400 active users (30.0 %) would become tobedeleted, more than the allowed 10.0 % (minimum 50); e.g. user-1. Re-run with force to apply.";

/** A source "sis" with a succeeded import, a later import held by the guard, and an export run. */
export async function seedRuns(db: Kysely<Database>, tenantId = "default"): Promise<void> {
  await db.insertInto("sources").values({ tenant_id: tenantId, id: "sis", kind: "ss12000" }).execute();
  const run = { tenant_id: tenantId, source_id: "sis", source_kind: "ss12000", mode: "full" as const };
  const none = { created: 0, updated: 0, unchanged: 0, removed: 0, skipped: 0 };
  await db
    .insertInto("sync_runs")
    .values([
      {
        ...run,
        id: RUNS.succeeded,
        status: "succeeded",
        started_at: new Date("2026-11-24T02:00:00.000Z"),
        finished_at: new Date("2026-11-24T02:00:12.500Z"),
        counts: { users: { created: 400, updated: 0, unchanged: 0, removed: 0, skipped: 2 }, classes: { ...none, created: 12 } },
        warnings: JSON.stringify([{ entity: "users", sourcedId: "user-9", why: "no e-mail <address>" }]),
        warning_count: 3,
      },
      {
        ...run,
        id: RUNS.held,
        status: "stopped",
        started_at: new Date("2026-11-25T02:00:00.000Z"),
        finished_at: new Date("2026-11-25T02:00:09.000Z"),
        counts: { users: { ...none, unchanged: 280, removed: 120 } },
        error: GUARD_ERROR,
      },
    ])
    .execute();
  await db
    .insertInto("export_runs")
    .values({
      tenant_id: tenantId,
      id: RUNS.exported,
      target_id: "sds",
      target_kind: "sds",
      status: "failed",
      started_at: new Date("2026-11-24T03:00:00.000Z"),
      finished_at: new Date("2026-11-24T03:00:01.000Z"),
      counts: { users: { written: 398 } },
      error: "SFTP upload refused",
    })
    .execute();
}
