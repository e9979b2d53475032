import type { RequestHandler } from "express";
import { ApiError } from "../status-info.ts";
import type { Guards } from "../v1p1/guards.ts";
import { callerOf } from "../v1p1/request-context.ts";
import { scopeUri, type ScopeName } from "./scopes.ts";

/** Lets a caller through when it holds any of the scopes; else 403 naming them. */
export function requireScope(...anyOf: ScopeName[]): RequestHandler {
  return (_req, res, next) => {
    const caller = callerOf(res);
    if (anyOf.some((scope) => caller.scopes.includes(scope))) return next();
    next(new ApiError(403, "forbidden", `this endpoint needs the scope ${anyOf.map(scopeUri).join(" or ")}, which this client does not hold`));
  };
}

/** Which scopes open which family of OneRoster 1.1 routes. */
export function scopeGuards(): Guards {
  return {
    rosterCore: requireScope("roster-core.readonly", "roster.readonly"),
    demographics: requireScope("roster-demographics.readonly", "roster.readonly"),
    resources: requireScope("resource.readonly"),
    gradebookRead: requireScope("gradebook.readonly"),
    gradebookWrite: requireScope("gradebook.createput"),
    gradebookDelete: requireScope("gradebook.delete"),
  };
}
