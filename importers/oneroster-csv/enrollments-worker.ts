import { parentPort, workerData } from "node:worker_threads";
import type { Deletion, EntityName } from "../../src/model/canonical.ts";
import type { CheckContext } from "./check-file.ts";
import { checkEnrollments, type EnrollmentsChecked, type EnrollmentTargets } from "./check-enrollments.ts";
import { ProblemList, type Problem } from "./problems.ts";
import { openZip, type ZipSource } from "./zip-archive.ts";

/** What the thread is given. */
export interface EnrollmentsWorkerInput {
  source: ZipSource;
  delta: boolean;
  skipInvalid: boolean;
  personnummer: "drop" | "store";
}

/** What the thread says: progress, then its findings (or why it failed). */
export type EnrollmentsWorkerMessage =
  | { type: "progress"; rows: number }
  | {
      type: "done";
      checked: EnrollmentsChecked;
      problems: { list: Problem[]; count: number; fatal: number };
      notices: string[];
      deletions: Deletion[];
      leftOutInBulk: Partial<Record<EntityName, number>>;
    }
  | { type: "failed"; message: string; stack?: string };

const port = parentPort!;
const input = workerData as EnrollmentsWorkerInput;
const targets = new Promise<EnrollmentTargets>((resolve) => port.once("message", resolve));

/** A Buffer crosses to a thread as a plain Uint8Array. */
function asSent(source: ZipSource): ZipSource {
  if ("path" in source) return source;
  const bytes = source.buffer as Uint8Array;
  return { buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) };
}

try {
  const zip = await openZip(asSent(input.source));
  try {
    const context: CheckContext = {
      zip,
      delta: input.delta,
      problems: new ProblemList(),
      notices: [],
      mapOptions: { personnummer: input.personnummer, personnummerDropped: {} },
      deletions: [],
      leftOutInBulk: {},
      onProgress: ({ rows }) => port.postMessage({ type: "progress", rows } satisfies EnrollmentsWorkerMessage),
    };
    const checked = await checkEnrollments(context, targets, input.skipInvalid);
    const { list, count, fatal } = context.problems;
    const done: EnrollmentsWorkerMessage = { type: "done", checked, problems: { list, count, fatal }, notices: context.notices, deletions: context.deletions, leftOutInBulk: context.leftOutInBulk };
    port.postMessage(done);
  } finally {
    zip.close();
  }
} catch (error) {
  port.postMessage({ type: "failed", message: (error as Error).message, stack: (error as Error).stack } satisfies EnrollmentsWorkerMessage);
}
