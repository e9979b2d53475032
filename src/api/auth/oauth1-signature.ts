import { createHmac } from "node:crypto";
import OAuth from "oauth-1.0a";

export const SIGNATURE_METHODS = ["HMAC-SHA256", "HMAC-SHA1"] as const;
export type SignatureMethod = (typeof SIGNATURE_METHODS)[number];

/** One request parameter; a name may repeat, and every occurrence is signed. */
export type Parameter = readonly [name: string, value: string];

export interface SignedRequest {
  method: string;
  /** Scheme, host and path as RFC 5849 §3.4.1.2 normalises them. */
  baseUrl: string;
  /** Every query, form and protocol parameter except oauth_signature (RFC 5849 §3.4.1.3.1). */
  parameters: readonly Parameter[];
}

const HASH_OF: Readonly<Record<SignatureMethod, string>> = { "HMAC-SHA256": "sha256", "HMAC-SHA1": "sha1" };

function signer(method: SignatureMethod, consumerSecret: string): OAuth {
  return new OAuth({
    consumer: { key: "", secret: consumerSecret },
    signature_method: method,
    hash_function: (baseString, key) => createHmac(HASH_OF[method], key).update(baseString).digest("base64"),
  });
}

/**
 * The parameters as the library's request data: a name's values in a list. Every parameter, protocol ones included,
 * goes here rather than in the library's oauth_data, which would make it drop the request data when oauth_body_hash
 * is present. The URL goes without its query, because the library splits query values at every "=", cutting
 * filter values such as `givenName='Colin'`, and reads "+" as a plus rather than a space.
 */
function requestData(parameters: readonly Parameter[]): Record<string, string | string[]> {
  const data: Record<string, string | string[]> = Object.create(null);
  for (const [name, value] of parameters) {
    const seen = data[name];
    data[name] = seen === undefined ? value : Array.isArray(seen) ? [...seen, value] : [seen, value];
  }
  return data;
}

/** The oauth_signature a client holding `consumerSecret` sends for this request (one-legged: no token secret). */
export function oauth1Signature(request: SignedRequest, method: SignatureMethod, consumerSecret: string): string {
  const data = requestData(request.parameters);
  return signer(method, consumerSecret).getSignature({ url: request.baseUrl, method: request.method, data }, undefined, {} as OAuth.Data);
}

/** The request as the server signs it, oauth_* parameters left out, for telling a client what did not match. */
export function describeSignedRequest(request: SignedRequest): string {
  const oauth = signer("HMAC-SHA256", "");
  const query = request.parameters
    .filter(([name]) => !name.startsWith("oauth_"))
    .map(([name, value]) => [oauth.percentEncode(name), oauth.percentEncode(value)] as const)
    .sort(([a, x], [b, y]) => (a === b ? (x < y ? -1 : x > y ? 1 : 0) : a < b ? -1 : 1))
    .map(([name, value]) => `${name}=${value}`)
    .join("&");
  return `${request.method.toUpperCase()} ${request.baseUrl}${query ? `?${query}` : ""}`;
}
