import { PerformanceObserver, constants } from "node:perf_hooks";
import { getHeapStatistics, setFlagsFromString } from "node:v8";

/**
 * How far past its live size V8 may let the heap grow before its next full collection, in percent. Left to itself on
 * a machine with plenty of memory, V8 grows the heap to about four times what a process holds (an SS 12000 import
 * holding 300 MB peaked at 1.4 GB RSS); 20 % keeps it near what is held. It is a growth factor, not a cap: a larger
 * municipality still fits. The price is more collections: an unchanged SS 12000 re-import of 70 000 students took
 * 4–14 s longer on the benchmark machine (see BENCHMARKS.md). HEAP_GROWING_PERCENT=0 leaves the choice to V8.
 */
export const DEFAULT_HEAP_GROWING_PERCENT = 20;

/**
 * The least room V8 is given past what is live, while less than SMALL_HEAP_MB is. 20 % of a small heap is a few
 * megabytes: an import that keeps a hundred megabytes live while it streams a million rows through was collected in
 * full 97 times (44 with this much room, CPU time 12–15 % less). V8 applies a factor at the collection after the one
 * it was set on, so a heap growing fast would take the room of its smaller self along: above SMALL_HEAP_MB the
 * percentage alone decides, and the peak of a large import stays where it was.
 */
export const MIN_HEADROOM_MB = 48;
export const SMALL_HEAP_MB = 128;

/**
 * Applies HEAP_GROWING_PERCENT (environment; default DEFAULT_HEAP_GROWING_PERCENT), unless the process was started
 * with a growth factor of its own.
 */
export function limitHeapGrowth(env: NodeJS.ProcessEnv = process.env, execArgv: readonly string[] = process.execArgv): void {
  if (execArgv.some((arg) => arg.startsWith("--heap-growing-percent") || arg.startsWith("--heap_growing_percent"))) return;
  const percent = heapGrowingPercent(env.HEAP_GROWING_PERCENT);
  if (percent === 0) return;
  setFlagsFromString(`--heap-growing-percent=${percent}`);
  // V8 reads the factor at each full collection; after one, the next limit is set from what survived it.
  let current = percent;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if ((entry as { detail?: { kind?: number } }).detail?.kind !== constants.NODE_PERFORMANCE_GC_MAJOR) continue;
      const next = growingPercentFor(getHeapStatistics().used_heap_size, percent);
      if (next === current) continue;
      setFlagsFromString(`--heap-growing-percent=${next}`);
      current = next;
    }
  }).observe({ entryTypes: ["gc"] });
}

/** The growth factor for a heap with `liveBytes` live: `percent`, or more for a small heap it would give too little room. */
export function growingPercentFor(liveBytes: number, percent: number): number {
  if (liveBytes >= SMALL_HEAP_MB * 2 ** 20) return percent;
  return Math.max(percent, Math.ceil(((MIN_HEADROOM_MB * 2 ** 20) / Math.max(liveBytes, 1)) * 100));
}

export function heapGrowingPercent(value: string | undefined): number {
  if (value === undefined || value === "") return DEFAULT_HEAP_GROWING_PERCENT;
  if (!/^\d{1,4}$/.test(value)) throw new Error(`HEAP_GROWING_PERCENT must be a whole number of percent (0 leaves it to V8), not ${JSON.stringify(value)}`);
  return Number(value);
}
