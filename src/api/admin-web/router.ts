import cookieParser from "cookie-parser";
import express, { type ErrorRequestHandler, type RequestHandler, type Router } from "express";
import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema.ts";
import type { Logger } from "../../log/logger.ts";
import type { SecretBox } from "../auth/secret-box.ts";
import { readAdminSession } from "./admin-auth.ts";
import { adminApiRouter } from "./api-router.ts";
import { loginRouter } from "./login.ts";
import { pagesRouter } from "./pages-router.ts";
import { parsePasswordHash } from "./password-hash.ts";
import { sessionKeys } from "./session.ts";
import { messagePage } from "./views/message-view.ts";

export interface AdminWebOptions {
  db: Kysely<Database>;
  box: SecretBox;
  logger: Logger;
  now: () => Date;
  /** ADMIN_USER. */
  user: string;
  /** ADMIN_PASSWORD_HASH; without it the pages say they are disabled (never open by default). */
  passwordHash: string | undefined;
  /** What authenticates an API client on the OneRoster routes; the admin JSON API accepts such clients too. */
  apiClientAuth: RequestHandler[];
  /** Failed sign-ins allowed per address in 15 minutes (default 10). */
  failedLoginsPer15Minutes?: number;
}

const FORM_LIMIT = "16kb";

const noStore: RequestHandler = (_req, res, next) => {
  res.setHeader("Cache-Control", "no-store");
  next();
};

/** The admin web page under /admin and its JSON API under /admin/api (src/api/admin-web). */
export function adminWebRouter(options: AdminWebOptions): Router {
  const { db, box, logger, now, user, passwordHash } = options;
  const router = express.Router();
  const keys = passwordHash ? sessionKeys(box, user, passwordHash) : undefined;
  if (passwordHash) parsePasswordHash(passwordHash); // a malformed hash fails at start, not at the first sign-in

  router.use("/admin", noStore, cookieParser(), ...(keys ? [readAdminSession(keys, now)] : []));
  router.use(adminApiRouter(db, options.apiClientAuth));
  if (!keys || !passwordHash) {
    router.use("/admin", (_req, res) => {
      res
        .status(503)
        .type("html")
        .send(messagePage("Admin page disabled", "The admin page is disabled: no admin password is set. Set ADMIN_PASSWORD_HASH (made with: oneroster admin hash-password) and restart the server.", { href: "/", text: "Home" }));
    });
    return router;
  }
  router.use("/admin", express.urlencoded({ extended: false, limit: FORM_LIMIT }));
  router.use(loginRouter({ user, passwordHash, keys, logger, now, failedLoginsPer15Minutes: options.failedLoginsPer15Minutes ?? 10 }));
  router.use(pagesRouter({ db, box, keys, logger }));
  const failed: ErrorRequestHandler = (error: unknown, _req, res, next) => {
    if (res.headersSent) return next(error);
    const status = (error as { status?: number }).status;
    if (status !== undefined && status >= 400 && status < 500) {
      res.status(status).type("html").send(messagePage("Bad request", "The request could not be read.", { href: "/admin", text: "Back to the tenants" }));
      return;
    }
    res.err = error instanceof Error ? error : new Error(String(error));
    res.status(500).type("html").send(messagePage("Server error", "The server failed to answer; the failure is logged.", { href: "/admin", text: "Back to the tenants" }));
  };
  router.use("/admin", failed);
  return router;
}
