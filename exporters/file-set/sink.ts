import { randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, rename, rm, stat } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import type { Writable } from "node:stream";
import { once } from "node:events";
import { finished } from "node:stream/promises";
import { writeFileAtomically } from "../../src/csv/zip-file.ts";
import { ZipWriter } from "../../src/csv/zip-writer.ts";

/** Where a file set goes: each file's text is written piece by piece, with backpressure. */
export interface FileSetSink {
  addFile(name: string, fill: (write: (text: string) => Promise<void>) => Promise<void>): Promise<void>;
}

/** `path` ending in .zip: one flat zip; otherwise a folder holding the files and nothing else. */
export const isZipPath = (path: string): boolean => path.toLowerCase().endsWith(".zip");

/**
 * Writes a file set to `path` so that a reader never sees half of it: a zip through a temporary file renamed into
 * place, a folder through a temporary folder beside it that replaces the old one only once every file is complete.
 * On failure nothing is left under `path` that was not there before.
 */
export async function writeFileSet<T>(path: string, work: (sink: FileSetSink) => Promise<T>): Promise<T> {
  return isZipPath(path) ? writeZip(path, work) : writeFolder(path, work);
}

async function writeZip<T>(path: string, work: (sink: FileSetSink) => Promise<T>): Promise<T> {
  return writeFileAtomically(path, async (output) => {
    const zip = new ZipWriter(output, new Date());
    try {
      const result = await work({ addFile: (name, fill) => zip.addStream(name, fill) });
      await zip.finish();
      return result;
    } catch (error) {
      await zip.fail(error as Error);
      throw error;
    }
  });
}

async function writeFolder<T>(path: string, work: (sink: FileSetSink) => Promise<T>): Promise<T> {
  const suffix = `${process.pid}.${randomBytes(4).toString("hex")}`;
  const temporary = join(dirname(path), `.${basename(path)}.${suffix}.tmp`);
  await mkdir(temporary);
  try {
    const result = await work({ addFile: (name, fill) => writeOneFile(join(temporary, name), fill) });
    const existing = await stat(path).catch(() => undefined);
    if (existing && !existing.isDirectory()) throw new Error(`${path} exists and is not a folder`);
    if (existing) {
      // The old set moves aside first: a folder cannot be renamed over a non-empty one.
      const old = join(dirname(path), `.${basename(path)}.${suffix}.old`);
      await rename(path, old);
      await rename(temporary, path);
      await rm(old, { recursive: true, force: true });
    } else {
      await rename(temporary, path);
    }
    return result;
  } catch (error) {
    await rm(temporary, { recursive: true, force: true });
    throw error;
  }
}

async function writeOneFile(path: string, fill: (write: (text: string) => Promise<void>) => Promise<void>): Promise<void> {
  const output: Writable = createWriteStream(path, { flags: "wx", flush: true });
  try {
    await fill(async (text) => {
      if (!output.write(text)) await once(output, "drain");
    });
    output.end();
    await finished(output);
  } catch (error) {
    output.destroy();
    throw error;
  }
}
