import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { ImsFetchError } from "./errors.ts";

/** A local file as a byte stream; a missing one is an ImsFetchError naming it. */
export async function localFileStream(path: string): Promise<AsyncIterable<Buffer>> {
  const found = await stat(path).then((s) => s.isFile(), () => false);
  if (!found) throw new ImsFetchError(`${path}: no such file`);
  return createReadStream(path, { highWaterMark: 64 * 1024 });
}
