/** A query parameter that carries credentials (OAuth 1.0a protocol parameters, RFC 6750 access_token), not a question. */
export function isCredentialParameter(name: string): boolean {
  return name.startsWith("oauth_") || name === "access_token";
}

function isCredential(part: string): boolean {
  const name = part.split("=", 1)[0] ?? "";
  try {
    return isCredentialParameter(decodeURIComponent(name.replace(/\+/g, " ")));
  } catch {
    return false;
  }
}

/**
 * The URL without credential parameters: they differ between requests and change nothing in the answer (the Link
 * header leaves them out too), and a key must not hold a token.
 */
export function withoutCredentials(url: string): string {
  const at = url.indexOf("?");
  if (at < 0 || !(url.includes("oauth_", at) || url.includes("access_token", at))) return url;
  const kept = url
    .slice(at + 1)
    .split("&")
    .filter((part) => !isCredential(part));
  return kept.length > 0 ? `${url.slice(0, at)}?${kept.join("&")}` : url.slice(0, at);
}
