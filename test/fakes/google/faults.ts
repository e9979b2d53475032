/** Failures the fake can be told to inject. */
export class GoogleFaults {
  /** The next N HTTP requests under the root URL (a batch envelope included) answer 429 RESOURCE_EXHAUSTED. */
  throttledRequests = 0;
  /** The next N calls inside batches answer 429 RESOURCE_EXHAUSTED. */
  throttledBatchItems = 0;
  /** The Retry-After (seconds) of injected 429s; undefined: none is sent. */
  retryAfterSeconds: number | undefined = 1;
  /** After this many successful writes, every call answers 500 INTERNAL: a crash of the target mid-run. */
  failAfterWrites: number | undefined;
}
