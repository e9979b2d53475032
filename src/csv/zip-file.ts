import { randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import { rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import type { Writable } from "node:stream";
import { finished } from "node:stream/promises";

/**
 * Writes a file through a temporary one beside it, renamed over `path` only once complete and flushed to disk, so a
 * failed or interrupted write never leaves a partial file under the final name.
 */
export async function writeFileAtomically<T>(path: string, write: (output: Writable) => Promise<T>): Promise<T> {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
  const output = createWriteStream(temporary, { flags: "wx", flush: true });
  try {
    const result = await write(output);
    await finished(output);
    await rename(temporary, path);
    return result;
  } catch (error) {
    output.destroy();
    await finished(output).catch(() => undefined);
    await rm(temporary, { force: true });
    throw error;
  }
}
