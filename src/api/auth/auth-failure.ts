import type { Request } from "express";

/** Why a request was refused: the HTTP status, the imsx description, and the WWW-Authenticate challenge to send. */
export interface AuthFailure {
  status: 400 | 401;
  description: string;
  challenge?: string;
}

const failures = new WeakMap<Request, AuthFailure>();

/** Strategies record why they refused a request here; the authenticate middleware turns it into the response. */
export function recordAuthFailure(req: Request, failure: AuthFailure): void {
  failures.set(req, failure);
}

export function authFailureOf(req: Request): AuthFailure | undefined {
  return failures.get(req);
}
