import type { Request } from "express";

/** A client id and secret as the token request carried them, or why they cannot be read. */
export type PresentedCredentials = { clientId: string; clientSecret: string; viaHeader: boolean } | { problem: string };

function formDecode(value: string): string {
  return decodeURIComponent(value.replaceAll("+", " "));
}

/**
 * RFC 6749 §2.3.1: HTTP Basic with the id and secret form-encoded, or (not both) client_id and client_secret in the
 * form body.
 */
export function presentedCredentials(req: Request): PresentedCredentials {
  const header = req.get("authorization");
  const body = (typeof req.body === "object" && req.body !== null ? req.body : {}) as Record<string, unknown>;
  const inBody = body.client_id !== undefined || body.client_secret !== undefined;
  if (header) {
    if (inBody) return { problem: "send the client credentials in the Authorization header or in the body, not both" };
    const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
    const decoded = match ? Buffer.from(match[1]!, "base64").toString("utf8") : "";
    const colon = decoded.indexOf(":");
    if (colon < 0) return { problem: "the Authorization header is not HTTP Basic with client_id:client_secret" };
    try {
      return { clientId: formDecode(decoded.slice(0, colon)), clientSecret: formDecode(decoded.slice(colon + 1)), viaHeader: true };
    } catch {
      return { problem: "the Basic credentials are not validly percent-encoded" };
    }
  }
  if (typeof body.client_id === "string" && typeof body.client_secret === "string") {
    return { clientId: body.client_id, clientSecret: body.client_secret, viaHeader: false };
  }
  return { problem: "no client credentials: send HTTP Basic client_id:client_secret" };
}
