import { Worker } from "node:worker_threads";
import type { EnrollmentTargets } from "./check-enrollments.ts";
import type { EnrollmentsWorkerInput, EnrollmentsWorkerMessage } from "./enrollments-worker.ts";

export type EnrollmentsFindings = Extract<EnrollmentsWorkerMessage, { type: "done" }>;

/** Pass 1 of enrollments.csv on a thread of its own, while this one checks the other files. */
export interface EnrollmentsThread {
  /** Hands over the checked ids of the entities enrollments name, once known. */
  judgeAgainst(targets: EnrollmentTargets): void;
  findings: Promise<EnrollmentsFindings>;
  stop(): void;
}

export function startEnrollmentsThread(input: EnrollmentsWorkerInput, onProgress: (rows: number) => void): EnrollmentsThread {
  const worker = new Worker(new URL("./enrollments-worker.mjs", import.meta.url), { workerData: input });
  const findings = new Promise<EnrollmentsFindings>((resolve, reject) => {
    worker.on("message", (message: EnrollmentsWorkerMessage) => {
      if (message.type === "progress") onProgress(message.rows);
      else if (message.type === "done") resolve(message);
      else reject(Object.assign(new Error(`checking enrollments.csv failed: ${message.message}`), { stack: message.stack }));
    });
    worker.on("error", reject);
    worker.on("exit", (code) => reject(new Error(`the thread checking enrollments.csv stopped (exit code ${code}) before it was done`)));
  });
  // Awaited later; a failure meanwhile is not unhandled.
  findings.catch(() => {});
  void findings.finally(() => void worker.terminate()).catch(() => {});
  return {
    judgeAgainst: (targets) => worker.postMessage(targets),
    findings,
    stop: () => void worker.terminate(),
  };
}
