import type { Client } from "@microsoft/microsoft-graph-client";

/** Graph allows at most 20 requests in one JSON $batch. */
export const BATCH_LIMIT = 20;
const RETRYABLE = new Set([429, 503, 504]);

export interface BatchItem {
  method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
  /** Relative to the version root, e.g. "/education/classes". */
  url: string;
  body?: unknown;
}

export interface BatchResult {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

interface BatchResponseItem {
  id: string;
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface BatchOptions {
  maxRetries: number;
  /** Waits between throttled retries; injectable so tests can observe the waits. */
  sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Seconds from a Retry-After header (delta-seconds or an HTTP date); a short exponential wait when it is absent. */
export function retryAfterMs(headers: Record<string, string> | undefined, attempt: number): number {
  const value = Object.entries(headers ?? {}).find(([name]) => name.toLowerCase() === "retry-after")?.[1];
  if (value !== undefined) {
    const seconds = Number(value);
    if (!Number.isNaN(seconds)) return Math.max(0, seconds * 1000);
    const at = Date.parse(value);
    if (!Number.isNaN(at)) return Math.max(0, at - Date.now());
  }
  return 2 ** attempt * 1000;
}

/**
 * Sends up to 20 requests as one $batch and answers each with its own result. The envelope is throttled and retried
 * by the SDK's RetryHandler; items answered 429/503/504 are sent again (in a new $batch) after the longest
 * Retry-After among them, up to maxRetries times, and then returned as they are.
 */
export async function sendBatch(client: Client, items: readonly BatchItem[], options: BatchOptions): Promise<BatchResult[]> {
  if (items.length > BATCH_LIMIT) throw new Error(`a $batch holds at most ${BATCH_LIMIT} requests, not ${items.length}`);
  const sleep = options.sleep ?? defaultSleep;
  const results: (BatchResult | undefined)[] = new Array(items.length);
  let pending = items.map((_, index) => index);
  for (let attempt = 0; pending.length > 0; attempt += 1) {
    const response = (await client.api("/$batch").post({
      requests: pending.map((index) => {
        const item = items[index]!;
        return {
          id: String(index),
          method: item.method,
          url: item.url,
          ...(item.body !== undefined ? { body: item.body, headers: { "Content-Type": "application/json" } } : {}),
        };
      }),
    })) as { responses: BatchResponseItem[] };
    const retry: number[] = [];
    let wait = 0;
    for (const answer of response.responses) {
      const index = Number(answer.id);
      const result = { status: answer.status, headers: answer.headers ?? {}, body: answer.body ?? null };
      if (RETRYABLE.has(answer.status) && attempt < options.maxRetries) {
        retry.push(index);
        wait = Math.max(wait, retryAfterMs(answer.headers, attempt));
      } else {
        results[index] = result;
      }
    }
    pending = retry;
    if (pending.length > 0) await sleep(wait);
  }
  return results.map((result, index) => result ?? { status: 0, headers: {}, body: { error: { message: `no answer to request ${index}` } } });
}

/** Runs many requests as consecutive $batches of 20, handing each batch's results over before the next is sent. */
export async function sendBatches<T extends BatchItem>(
  client: Client,
  items: readonly T[],
  options: BatchOptions,
  onResults: (results: Array<{ item: T; result: BatchResult }>) => Promise<void>,
): Promise<void> {
  for (let start = 0; start < items.length; start += BATCH_LIMIT) {
    const chunk = items.slice(start, start + BATCH_LIMIT);
    const results = await sendBatch(client, chunk, options);
    await onResults(chunk.map((item, index) => ({ item, result: results[index]! })));
  }
}

export function errorMessage(result: BatchResult): string {
  const body = result.body as { error?: { code?: string; message?: string } } | null;
  return `${result.status}${body?.error?.code ? ` ${body.error.code}` : ""}${body?.error?.message ? `: ${body.error.message}` : ""}`;
}
