/** A query parameter that carries credentials (OAuth 1.0a signature, RFC 6750 access_token), not a question. */
function isCredential(part: string): boolean {
  const name = part.split("=", 1)[0] ?? "";
  try {
    const decoded = decodeURIComponent(name.replace(/\+/g, " "));
    return decoded.startsWith("oauth_") || decoded === "access_token";
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
