// A worker thread does not inherit the loader the CLI registers for TypeScript: register it, then run the worker.
import { register } from "tsx/esm/api";

register();
await import("./enrollments-worker.ts");
