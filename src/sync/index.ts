export { runSync } from "./engine.ts";
export { listRuns, type SyncRun } from "./run-record.ts";
export { explainGuard } from "./guard.ts";
export * from "./types.ts";
