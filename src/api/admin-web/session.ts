import { createHmac, randomUUID } from "node:crypto";
import { errors, jwtVerify, SignJWT } from "jose";
import type { SecretBox } from "../auth/secret-box.ts";
import { sameSecret } from "../auth/same-secret.ts";

/** The admin session: a signed JWT in a cookie, so any replica sharing ONEROSTER_SECRET_KEY accepts it; no server state. */
export const SESSION_COOKIE = "oneroster_admin";
/** A random value set on the login form, to which the form's CSRF token is bound before there is a session. */
export const LOGIN_NONCE_COOKIE = "oneroster_admin_login";
export const COOKIE_PATH = "/admin";
export const SESSION_SECONDS = 8 * 3600;
const ISSUER = "oneroster-server admin";

export interface AdminSession {
  user: string;
  /** The session's id; its CSRF token is bound to it. */
  id: string;
  expiresAt: Date;
}

export interface SessionKeys {
  signing: Uint8Array;
  csrf: Uint8Array;
}

/**
 * The keys of admin sessions. They depend on the admin user name and password hash too, so setting a new password
 * (or user) ends every session that was opened with the old one, on every replica at once.
 */
export function sessionKeys(box: SecretBox, user: string, passwordHash: string): SessionKeys {
  const bound = (purpose: string) =>
    new Uint8Array(createHmac("sha256", box.deriveKey(`admin-session ${purpose}`)).update(`${user}\n${passwordHash}`).digest());
  return { signing: bound("HS256"), csrf: bound("csrf") };
}

export async function issueSession(keys: SessionKeys, user: string, now: Date): Promise<{ token: string; session: AdminSession }> {
  const issuedAt = Math.floor(now.getTime() / 1000);
  const id = randomUUID();
  const token = await new SignJWT({})
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuer(ISSUER)
    .setSubject(user)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + SESSION_SECONDS)
    .setJti(id)
    .sign(keys.signing);
  return { token, session: { user, id, expiresAt: new Date((issuedAt + SESSION_SECONDS) * 1000) } };
}

/** The session of a cookie value; undefined when absent, altered, expired or opened under another password. */
export async function readSession(keys: SessionKeys, token: string | undefined, now: Date): Promise<AdminSession | undefined> {
  if (!token) return undefined;
  try {
    const { payload } = await jwtVerify(token, keys.signing, { algorithms: ["HS256"], issuer: ISSUER, currentDate: now, requiredClaims: ["sub", "exp", "jti"] });
    return { user: payload.sub!, id: payload.jti!, expiresAt: new Date(payload.exp! * 1000) };
  } catch (error) {
    if (error instanceof errors.JOSEError) return undefined;
    throw error;
  }
}

/** The CSRF token of a session (or of a login nonce): an HMAC of its id, put in every form as a hidden field. */
export function csrfTokenFor(keys: SessionKeys, boundTo: string): string {
  return createHmac("sha256", keys.csrf).update(boundTo).digest("base64url");
}

export function isCsrfToken(keys: SessionKeys, boundTo: string, presented: unknown): boolean {
  return typeof presented === "string" && sameSecret(presented, csrfTokenFor(keys, boundTo));
}
