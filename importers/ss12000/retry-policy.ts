/** Statuses worth another attempt: throttling and the server's own trouble. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status === 502 || status === 503 || status === 504 || status === 500;
}

/**
 * How long to wait before attempt `attempt + 1`: the server's Retry-After (seconds or an HTTP date) when it sent one,
 * otherwise exponential backoff from half a second with jitter; never more than `maxMs`.
 */
export function retryDelayMs(retryAfter: string | null, attempt: number, maxMs: number, now = Date.now()): number {
  if (retryAfter !== null && retryAfter.trim() !== "") {
    const seconds = Number(retryAfter);
    const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(retryAfter) - now;
    if (Number.isFinite(ms)) return Math.min(Math.max(ms, 0), maxMs);
  }
  const backoff = 500 * 2 ** (attempt - 1);
  return Math.min(backoff / 2 + Math.random() * (backoff / 2), maxMs);
}
