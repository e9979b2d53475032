import { randomBytes } from "node:crypto";
import { backoffMs, defaultSleep, retryAfterMs, RETRYABLE_STATUSES, type BackoffOptions } from "./backoff.ts";
import type { ClassroomClient } from "./client.ts";
import { batchRequestBody, boundaryOf, parseBatchResponse, type InnerResponse } from "./multipart.ts";

/** Google allows at most 50 calls in one batch request. */
export const BATCH_LIMIT = 50;
/** The Classroom batch endpoint under the root URL. */
export const BATCH_PATH = "batch/classroom/v1";

export interface BatchItem {
  method: "GET" | "POST" | "PATCH" | "DELETE";
  /** Path and query under the root URL, e.g. "/v1/courses/123/students". */
  path: string;
  body?: unknown;
}

export type BatchResult = InnerResponse;

export interface BatchOptions extends BackoffOptions {
  batchSize: number;
}

export class ClassroomBatchError extends Error {}

/** A call answered RESOURCE_EXHAUSTED (whatever its HTTP code) or 429/5xx is worth another try. */
function isRetryable(result: BatchResult): boolean {
  const status = (result.body as { error?: { status?: string } } | null)?.error?.status;
  return RETRYABLE_STATUSES.has(result.status) || status === "RESOURCE_EXHAUSTED";
}

function header(headers: Record<string, string>, name: string): string | undefined {
  return Object.entries(headers).find(([key]) => key.toLowerCase() === name)?.[1];
}

/** One multipart/mixed POST, itself retried with backoff when the envelope is throttled or fails with a 5xx. */
async function postEnvelope(client: ClassroomClient, items: readonly BatchItem[], ids: readonly string[], options: BatchOptions): Promise<Map<string, InnerResponse>> {
  const sleep = options.sleep ?? defaultSleep;
  const boundary = `batch_${randomBytes(12).toString("hex")}`;
  const data = batchRequestBody(items.map((item, index) => ({ id: ids[index]!, method: item.method, path: item.path, body: item.body })), boundary);
  for (let attempt = 0; ; attempt += 1) {
    const response = await client.auth.request<string>({
      url: `${client.rootUrl}${BATCH_PATH}`,
      method: "POST",
      headers: { "Content-Type": `multipart/mixed; boundary=${boundary}` },
      data,
      responseType: "text",
      retry: false,
      validateStatus: () => true,
    });
    if (response.status === 200) {
      const answerBoundary = boundaryOf(response.headers.get("content-type"));
      if (!answerBoundary) throw new ClassroomBatchError(`the batch answer is not multipart (Content-Type ${response.headers.get("content-type")})`);
      return parseBatchResponse(response.data, answerBoundary);
    }
    if (RETRYABLE_STATUSES.has(response.status) && attempt < options.maxRetries) {
      await sleep(backoffMs(attempt, retryAfterMs(response.headers.get("retry-after")), options));
      continue;
    }
    throw new ClassroomBatchError(`the batch request was answered ${response.status}: ${String(response.data).slice(0, 300)}`);
  }
}

/**
 * Sends up to batchSize (≤ 50) calls as one batch and answers each with its own result. Calls answered 429
 * RESOURCE_EXHAUSTED or 5xx are sent again (in a new batch) after the longest Retry-After among them, or an
 * exponential backoff with jitter, up to maxRetries times, and then returned as they are.
 */
export async function sendBatch(client: ClassroomClient, items: readonly BatchItem[], options: BatchOptions): Promise<BatchResult[]> {
  const limit = Math.min(options.batchSize, BATCH_LIMIT);
  if (items.length > limit) throw new Error(`a batch holds at most ${limit} calls, not ${items.length}`);
  const sleep = options.sleep ?? defaultSleep;
  const results: (BatchResult | undefined)[] = new Array(items.length);
  let pending = items.map((_, index) => index);
  for (let attempt = 0; pending.length > 0; attempt += 1) {
    const ids = pending.map((index) => `item-${index}`);
    const answers = await postEnvelope(client, pending.map((index) => items[index]!), ids, options);
    const retry: number[] = [];
    let wait = 0;
    for (const index of pending) {
      const answer = answers.get(`item-${index}`) ?? { status: 0, headers: {}, body: { error: { message: `no answer to call ${index} of the batch` } } };
      if (isRetryable(answer) && attempt < options.maxRetries) {
        retry.push(index);
        wait = Math.max(wait, backoffMs(attempt, retryAfterMs(header(answer.headers, "retry-after")), options));
      } else {
        results[index] = answer;
      }
    }
    pending = retry;
    if (pending.length > 0) await sleep(wait);
  }
  return results as BatchResult[];
}

/** Runs many calls as consecutive batches, handing each batch's results over before the next is sent. */
export async function sendBatches<T extends BatchItem>(
  client: ClassroomClient,
  items: readonly T[],
  options: BatchOptions,
  onResults: (results: Array<{ item: T; result: BatchResult }>) => Promise<void>,
): Promise<void> {
  const size = Math.min(options.batchSize, BATCH_LIMIT);
  for (let start = 0; start < items.length; start += size) {
    const chunk = items.slice(start, start + size);
    const results = await sendBatch(client, chunk, options);
    await onResults(chunk.map((item, index) => ({ item, result: results[index]! })));
  }
}

/** "409 ALREADY_EXISTS: Requested entity already exists" from Google's error shape. */
export function errorMessage(result: BatchResult): string {
  const error = (result.body as { error?: { status?: string; message?: string } } | null)?.error;
  return `${result.status}${error?.status ? ` ${error.status}` : ""}${error?.message ? `: ${error.message}` : ""}`;
}

export function errorStatus(result: BatchResult): string | undefined {
  return (result.body as { error?: { status?: string } } | null)?.error?.status;
}

/** A googleapis call retried like a batch call: on 429/5xx after Retry-After or backoff with jitter. */
export async function withBackoff<T>(call: () => Promise<T>, options: BackoffOptions): Promise<T> {
  const sleep = options.sleep ?? defaultSleep;
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await call();
    } catch (error) {
      const status = (error as { status?: number; response?: { status?: number } }).status ?? (error as { response?: { status?: number } }).response?.status;
      if (status === undefined || !RETRYABLE_STATUSES.has(status) || attempt >= options.maxRetries) throw error;
      const headers = (error as { response?: { headers?: Headers } }).response?.headers;
      await sleep(backoffMs(attempt, retryAfterMs(headers?.get?.("retry-after")), options));
    }
  }
}
