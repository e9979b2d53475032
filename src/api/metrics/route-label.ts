import type { Request } from "express";
import { oneRosterV1p1OpenApi } from "../openapi-document.ts";
import { BASE_PATH } from "../v1p1/request-context.ts";

/** The label of requests that match no route: one value, however many different URLs miss. */
export const UNMATCHED_ROUTE = "unmatched";

interface Template {
  pattern: RegExp;
  label: string;
}

let v1p1Templates: Template[] | undefined;

/** The OneRoster paths of the OpenAPI document (`/users/{sourcedId}`) as express-style labels (`…/users/:sourcedId`). */
function oneRosterTemplates(): Template[] {
  if (!v1p1Templates) {
    const paths = Object.keys((oneRosterV1p1OpenApi().document as { paths?: Record<string, unknown> }).paths ?? {});
    v1p1Templates = paths.map((path) => {
      const source = path
        .split(/(\{[^}]+\})/)
        .map((part) => (part.startsWith("{") ? "[^/]+" : part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
        .join("");
      return { pattern: new RegExp(`^${source}/?$`), label: `${BASE_PATH}${path.replace(/\{([^}]+)\}/g, ":$1")}` };
    });
  }
  return v1p1Templates;
}

/**
 * The route template a request was served by (e.g. `/ims/oneroster/v1p1/users/:sourcedId`), never the URL itself, so
 * the metric's label values stay few. A OneRoster request answered before its route ran (cached answer, refused by
 * auth or validation) is labelled by the OpenAPI path it matches.
 */
export function routeLabel(req: Request): string {
  const routePath: unknown = req.route?.path;
  if (typeof routePath === "string") return `${req.baseUrl}${routePath}`;
  const path = (req.originalUrl ?? req.url).split("?")[0] ?? "";
  if (path.startsWith(`${BASE_PATH}/`)) {
    const relative = path.slice(BASE_PATH.length);
    const template = oneRosterTemplates().find(({ pattern }) => pattern.test(relative));
    if (template) return template.label;
  }
  return UNMATCHED_ROUTE;
}
