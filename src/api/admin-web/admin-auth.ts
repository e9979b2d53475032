import type { Request, RequestHandler, Response } from "express";
import { type AdminSession, COOKIE_PATH, csrfTokenFor, isCsrfToken, readSession, SESSION_COOKIE, type SessionKeys } from "./session.ts";

/** The signed-in admin of a request, with the CSRF token its forms carry. */
export interface SignedIn {
  session: AdminSession;
  csrfToken: string;
}

export function cookieOptions(req: Request, maxAgeMs: number) {
  return { httpOnly: true, sameSite: "strict" as const, secure: req.secure, path: COOKIE_PATH, maxAge: maxAgeMs };
}

/** Puts the signed-in admin (if the session cookie is valid) in res.locals.admin; never refuses by itself. */
export function readAdminSession(keys: SessionKeys, now: () => Date): RequestHandler {
  return async (req, res, next) => {
    const session = await readSession(keys, (req.cookies as Record<string, string> | undefined)?.[SESSION_COOKIE], now());
    if (session) res.locals.admin = { session, csrfToken: csrfTokenFor(keys, `session:${session.id}`) } satisfies SignedIn;
    next();
  };
}

export function signedInOf(res: Response): SignedIn | undefined {
  return res.locals.admin as SignedIn | undefined;
}

export function adminOf(res: Response): SignedIn {
  const admin = signedInOf(res);
  if (!admin) throw new Error("admin page reached without a session");
  return admin;
}

/** Pages need a session: a GET without one goes to the sign-in page, anything else is refused. */
export function requireAdmin(signInAgain: (res: Response) => void): RequestHandler {
  return (req, res, next) => {
    if (signedInOf(res)) return next();
    if (req.method === "GET" || req.method === "HEAD") return res.redirect(303, `${COOKIE_PATH}/login`);
    signInAgain(res);
  };
}

/** Every POST of a signed-in admin carries the session's CSRF token in the hidden field _csrf. */
export function requireCsrf(keys: SessionKeys, refuse: (res: Response) => void): RequestHandler {
  return (req, res, next) => {
    const admin = adminOf(res);
    if (isCsrfToken(keys, `session:${admin.session.id}`, (req.body as Record<string, unknown> | undefined)?._csrf)) return next();
    refuse(res);
  };
}
