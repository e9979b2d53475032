import type { Request } from "express";
import type { Parameter, SignedRequest } from "./oauth1-signature.ts";

export const REQUIRED_PROTOCOL_PARAMETERS = [
  "oauth_consumer_key",
  "oauth_signature_method",
  "oauth_signature",
  "oauth_timestamp",
  "oauth_nonce",
] as const;

/** An OAuth 1.0a request as RFC 5849 §3.4.1 reads it: the protocol parameters and what the signature covers. */
export interface OAuth1Request {
  /** oauth_* parameters, from the Authorization header or else the query and form body. */
  protocol: ReadonlyMap<string, string>;
  signed: SignedRequest;
}

/** The comma-separated `name="value"` pairs of an `Authorization: OAuth …` header, percent-decoded; realm left out. */
function authorizationParameters(header: string): Parameter[] {
  const parameters: Parameter[] = [];
  const body = header.replace(/^OAuth\s+/i, "");
  for (const match of body.matchAll(/([A-Za-z0-9_.~%-]+)\s*=\s*"([^"]*)"/g)) {
    const name = decodeURIComponent(match[1]!);
    if (name === "realm") continue;
    parameters.push([name, decodeURIComponent(match[2]!)]);
  }
  return parameters;
}

/** Query parameters exactly as sent (form decoding: "+" is a space), repeats kept, from the raw URL. */
function queryParameters(originalUrl: string): Parameter[] {
  const at = originalUrl.indexOf("?");
  return at < 0 ? [] : [...new URLSearchParams(originalUrl.slice(at + 1))];
}

/** Parameters of a form-encoded body (signed per RFC 5849 §3.4.1.3.1); JSON bodies are not signed. */
function formParameters(req: Request): Parameter[] {
  if (!req.is("application/x-www-form-urlencoded") || typeof req.body !== "object" || req.body === null) return [];
  const parameters: Parameter[] = [];
  for (const [name, value] of Object.entries(req.body as Record<string, unknown>)) {
    for (const item of Array.isArray(value) ? value : [value]) parameters.push([name, String(item)]);
  }
  return parameters;
}

/** Scheme and authority lowercased, default ports dropped, path as sent without its query (RFC 5849 §3.4.1.2). */
export function normalisedBaseUrl(req: Request): string {
  const scheme = req.protocol.toLowerCase();
  const host = (req.host ?? "").toLowerCase();
  const authority = (scheme === "http" && host.endsWith(":80")) || (scheme === "https" && host.endsWith(":443"))
    ? host.slice(0, host.lastIndexOf(":"))
    : host;
  const path = req.originalUrl.split("?")[0]!;
  return `${scheme}://${authority}${path}`;
}

export function isOAuth1Request(req: Request): boolean {
  return /^OAuth\s/i.test(req.get("authorization") ?? "") || queryParameters(req.originalUrl).some(([name]) => name === "oauth_signature");
}

export function readOAuth1Request(req: Request): OAuth1Request {
  const header = req.get("authorization") ?? "";
  const fromHeader = /^OAuth\s/i.test(header) ? authorizationParameters(header) : [];
  const nonProtocol = [...queryParameters(req.originalUrl), ...formParameters(req)];
  const all = [...fromHeader, ...nonProtocol];
  const protocol = new Map<string, string>();
  for (const [name, value] of all) if (name.startsWith("oauth_") && !protocol.has(name)) protocol.set(name, value);
  return {
    protocol,
    signed: {
      method: req.method,
      baseUrl: normalisedBaseUrl(req),
      parameters: all.filter(([name]) => name !== "oauth_signature"),
    },
  };
}
