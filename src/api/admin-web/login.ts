import { randomBytes } from "node:crypto";
import express, { type Request, type RequestHandler, type Response, type Router } from "express";
import { rateLimit } from "express-rate-limit";
import { Passport } from "passport";
import { Strategy as LocalStrategy } from "passport-local";
import type { Logger } from "../../log/logger.ts";
import { sameSecret } from "../auth/same-secret.ts";
import { cookieOptions, requireAdmin, requireCsrf, signedInOf } from "./admin-auth.ts";
import { html, page } from "./html.ts";
import { verifyPassword } from "./password-hash.ts";
import { COOKIE_PATH, csrfTokenFor, isCsrfToken, issueSession, LOGIN_NONCE_COOKIE, SESSION_COOKIE, SESSION_SECONDS, type SessionKeys } from "./session.ts";

export interface LoginOptions {
  user: string;
  passwordHash: string;
  keys: SessionKeys;
  logger: Logger;
  now: () => Date;
  /** Failed sign-ins allowed per client address in 15 minutes. */
  failedLoginsPer15Minutes: number;
}

const LOGIN_NONCE_MS = 3600_000;

function loginPage(csrfToken: string, problem?: string): string {
  return page(
    "Sign in",
    html`<h1>Sign in</h1>
${problem ? html`<p class="problem" role="alert">${problem}</p>` : ""}
<form method="post" action="/admin/login">
  <input type="hidden" name="_csrf" value="${csrfToken}">
  <label>User name <input name="username" autocomplete="username" required></label>
  <label>Password <input name="password" type="password" autocomplete="current-password" required></label>
  <button>Sign in</button>
</form>`,
  );
}

/** The login form's CSRF token is bound to a random nonce in a cookie of its own (there is no session yet). */
function loginNonce(req: Request, res: Response): string {
  const existing = (req.cookies as Record<string, string> | undefined)?.[LOGIN_NONCE_COOKIE];
  if (existing && /^[A-Za-z0-9_-]{22}$/.test(existing)) return existing;
  const nonce = randomBytes(16).toString("base64url");
  res.cookie(LOGIN_NONCE_COOKIE, nonce, cookieOptions(req, LOGIN_NONCE_MS));
  return nonce;
}

/** Sign in (passport-local against ADMIN_USER / ADMIN_PASSWORD_HASH), sign out. */
export function loginRouter(options: LoginOptions): Router {
  const { keys, logger } = options;
  const passport = new Passport();
  passport.use(
    new LocalStrategy((username, password, done) => {
      // The password is always checked, so a wrong user name takes as long as a wrong password.
      verifyPassword(password, options.passwordHash).then(
        (passwordMatches) => done(null, passwordMatches && sameSecret(username, options.user) ? { user: options.user } : false),
        done,
      );
    }),
  );

  const showLogin = (req: Request, res: Response, status: number, problem?: string) => {
    res.status(status).type("html").send(loginPage(csrfTokenFor(keys, `login:${loginNonce(req, res)}`), problem));
  };
  const failedLogins = rateLimit({
    windowMs: 15 * 60_000,
    limit: options.failedLoginsPer15Minutes,
    skipSuccessfulRequests: true,
    standardHeaders: "draft-8",
    legacyHeaders: false,
    handler: (req, res) => {
      logger.warn({ ip: req.ip }, "admin sign-in refused: too many failed attempts");
      showLogin(req, res, 429, "Too many failed sign-ins from this address; wait 15 minutes and try again.");
    },
  });

  const router = express.Router();
  router.get(`${COOKIE_PATH}/login`, (req, res) => {
    if (signedInOf(res)) return res.redirect(303, COOKIE_PATH);
    showLogin(req, res, 200);
  });

  const checkLoginCsrf: RequestHandler = (req, res, next) => {
    const nonce = (req.cookies as Record<string, string> | undefined)?.[LOGIN_NONCE_COOKIE];
    if (nonce && isCsrfToken(keys, `login:${nonce}`, (req.body as Record<string, unknown> | undefined)?._csrf)) return next();
    showLogin(req, res, 403, "The sign-in form had expired or did not come from this page; please sign in again.");
  };
  const signIn: RequestHandler = (req, res, next) => {
    const authenticate = passport.authenticate("local", { session: false }, (error: unknown, found: { user: string } | false) => {
      if (error) return next(error);
      if (!found) {
        logger.warn({ ip: req.ip }, "admin sign-in failed");
        return showLogin(req, res, 401, "Wrong user name or password.");
      }
      issueSession(keys, found.user, options.now()).then(({ token, session }) => {
        logger.info({ user: session.user }, "admin signed in");
        res.cookie(SESSION_COOKIE, token, cookieOptions(req, SESSION_SECONDS * 1000));
        res.clearCookie(LOGIN_NONCE_COOKIE, { path: COOKIE_PATH });
        res.redirect(303, COOKIE_PATH);
      }, next);
    }) as RequestHandler;
    authenticate(req, res, next);
  };
  router.post(`${COOKIE_PATH}/login`, failedLogins, checkLoginCsrf, signIn);

  const refused = (res: Response) => {
    res.status(403).type("html").send(page("Refused", html`<p class="problem">This form had expired or did not come from this page. <a href="/admin">Back to the admin page</a></p>`));
  };
  router.post(`${COOKIE_PATH}/logout`, requireAdmin((res) => res.redirect(303, `${COOKIE_PATH}/login`)), requireCsrf(keys, refused), (_req, res) => {
    res.clearCookie(SESSION_COOKIE, { path: COOKIE_PATH });
    res.redirect(303, `${COOKIE_PATH}/login`);
  });
  return router;
}
