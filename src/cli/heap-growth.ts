import { setFlagsFromString } from "node:v8";

/**
 * How far past its live size V8 may let the heap grow before its next full collection, in percent. Left to itself on
 * a machine with plenty of memory, V8 grows the heap to about four times what a process holds (an SS 12000 import
 * holding 300 MB peaked at 1.4 GB RSS); 20 % keeps it near what is held. It is a growth factor, not a cap: a larger
 * municipality still fits. The price is more collections: an unchanged SS 12000 re-import of 70 000 students took
 * 4–14 s longer on the benchmark machine (see BENCHMARKS.md). HEAP_GROWING_PERCENT=0 leaves the choice to V8.
 */
export const DEFAULT_HEAP_GROWING_PERCENT = 20;

/**
 * Applies HEAP_GROWING_PERCENT (environment; default DEFAULT_HEAP_GROWING_PERCENT), unless the process was started
 * with a growth factor of its own.
 */
export function limitHeapGrowth(env: NodeJS.ProcessEnv = process.env, execArgv: readonly string[] = process.execArgv): void {
  if (execArgv.some((arg) => arg.startsWith("--heap-growing-percent") || arg.startsWith("--heap_growing_percent"))) return;
  const percent = heapGrowingPercent(env.HEAP_GROWING_PERCENT);
  if (percent > 0) setFlagsFromString(`--heap-growing-percent=${percent}`);
}

export function heapGrowingPercent(value: string | undefined): number {
  if (value === undefined || value === "") return DEFAULT_HEAP_GROWING_PERCENT;
  if (!/^\d{1,4}$/.test(value)) throw new Error(`HEAP_GROWING_PERCENT must be a whole number of percent (0 leaves it to V8), not ${JSON.stringify(value)}`);
  return Number(value);
}
