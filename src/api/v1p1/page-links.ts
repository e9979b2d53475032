import type { Request } from "express";
import { isCredentialParameter } from "./without-credentials.ts";

/** RFC 5988 Link header of a page: first, prev, next and last, each the same request with another offset. */
export function pageLinks(req: Request, baseUrl: string, limit: number, offset: number, total: number): string {
  const path = req.originalUrl.split("?")[0] ?? "";
  const origin = baseUrl.slice(0, baseUrl.indexOf("/", baseUrl.indexOf("//") + 2));
  const params = new URLSearchParams(req.originalUrl.includes("?") ? req.originalUrl.slice(req.originalUrl.indexOf("?") + 1) : "");
  for (const name of [...params.keys()]) if (isCredentialParameter(name)) params.delete(name);
  const at = (pageOffset: number) => {
    params.set("limit", String(limit));
    params.set("offset", String(pageOffset));
    return `${origin}${path}?${params.toString()}`;
  };
  const lastOffset = total === 0 ? 0 : Math.floor((total - 1) / limit) * limit;
  const links = [`<${at(0)}>; rel="first"`];
  if (offset > 0) links.push(`<${at(Math.max(0, Math.min(offset - limit, lastOffset)))}>; rel="prev"`);
  if (offset + limit < total) links.push(`<${at(offset + limit)}>; rel="next"`);
  links.push(`<${at(lastOffset)}>; rel="last"`);
  return links.join(", ");
}
