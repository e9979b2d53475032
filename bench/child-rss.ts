import { readFileSync } from "node:fs";

/** The peak RSS so far of a live process (the kernel's high-water mark, VmHWM), in kB; 0 once it is gone. */
export function highWaterKB(pid: number): number {
  try {
    return Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0);
  } catch {
    return 0;
  }
}
