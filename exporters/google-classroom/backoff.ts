/** Statuses worth another try: throttling (RESOURCE_EXHAUSTED) and the server's own failures. */
export const RETRYABLE_STATUSES = new Set([429, 500, 502, 503, 504]);

export interface BackoffOptions {
  maxRetries: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** Waits between tries; injectable so tests can observe the waits. */
  sleep?: (ms: number) => Promise<void>;
  /** [0, 1); injectable for tests. */
  random?: () => number;
}

export const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Milliseconds of a Retry-After header (delta-seconds or an HTTP date); undefined when absent or unreadable. */
export function retryAfterMs(value: string | null | undefined): number | undefined {
  if (value === null || value === undefined || value.trim() === "") return undefined;
  const seconds = Number(value);
  if (!Number.isNaN(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

/**
 * How long to wait before retry number `attempt` (0 = the first retry): exactly the server's Retry-After when it gave
 * one, else exponential backoff with jitter, a random wait between half and all of min(max, base · 2^attempt).
 */
export function backoffMs(attempt: number, retryAfter: number | undefined, options: BackoffOptions): number {
  if (retryAfter !== undefined) return retryAfter;
  const ceiling = Math.min(options.backoffMaxMs, options.backoffBaseMs * 2 ** attempt);
  return Math.round(ceiling / 2 + (options.random ?? Math.random)() * (ceiling / 2));
}
