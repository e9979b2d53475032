/** Failures the fake can be told to inject. */
export class GraphFaults {
  /** The next N HTTP requests to /v1.0 (the $batch envelope included) answer 429. */
  throttledRequests = 0;
  /** The next N requests inside $batches answer 429. */
  throttledBatchItems = 0;
  /** The Retry-After (seconds) of injected 429s. */
  retryAfterSeconds = 1;
  /** POST /teams for a group answers 404 this many times before it succeeds (the group is "not yet replicated"). */
  teamNotReplicatedAttempts = 0;
  /** After this many successful writes, every request answers 500: a crash of the target mid-run. */
  failAfterWrites: number | undefined;
}
