import type { Request, Response } from "express";
import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema.ts";
import type { ApiClient } from "../auth/api-client.ts";
import { RefBuilder } from "./refs.ts";
import type { ResponseCache } from "./response-cache.ts";

export const BASE_PATH = "/ims/oneroster/v1p1";

/** What every OneRoster route needs besides the request. */
export interface V1p1Options {
  db: Kysely<Database>;
  /** The largest page served; a larger limit is served as this. */
  maxLimit: number;
  /** Whole answers of GETs, dropped when a tenant's data changes; absent = every GET reads the database. */
  responseCache?: ResponseCache;
}

/** The authenticated caller, set by the auth guard in front of every route. */
export function callerOf(res: Response): ApiClient {
  const client = res.locals.client as ApiClient | undefined;
  if (!client) throw new Error("route reached without an authenticated client");
  return client;
}

/** Absolute base URL of the binding as the client addressed it (honours `trust proxy`). */
export function baseUrlOf(req: Request): string {
  return `${req.protocol}://${req.host ?? "localhost"}${BASE_PATH}`;
}

export function refsFor(req: Request): RefBuilder {
  return new RefBuilder(baseUrlOf(req));
}
