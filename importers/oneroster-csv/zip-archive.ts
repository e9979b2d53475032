import type { Readable } from "node:stream";
import yauzl from "yauzl";

/** Where the zip is: a file on disk (read twice, so never held whole) or bytes in memory (tests). */
export type ZipSource = { path: string } | { buffer: Buffer };

/** The entries of an open zip by name, each readable as often as needed until close(). */
export interface ZipArchive {
  names(): string[];
  size(name: string): number;
  open(name: string): Promise<Readable>;
  close(): void;
}

export class ZipOpenError extends Error {}

export async function openZip(source: ZipSource): Promise<ZipArchive> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) => {
    const done = (error: Error | null, zipFile?: yauzl.ZipFile) =>
      error || !zipFile ? reject(new ZipOpenError(error?.message ?? "cannot be opened")) : resolve(zipFile);
    const options = { lazyEntries: true, autoClose: false, decodeStrings: true, validateEntrySizes: true };
    if ("path" in source) yauzl.open(source.path, options, done);
    else yauzl.fromBuffer(source.buffer, options, done);
  });
  const entries = new Map<string, yauzl.Entry>();
  await new Promise<void>((resolve, reject) => {
    zip.on("entry", (entry: yauzl.Entry) => {
      if (!entry.fileName.endsWith("/")) entries.set(entry.fileName, entry);
      zip.readEntry();
    });
    zip.on("end", resolve);
    zip.on("error", (error: Error) => reject(new ZipOpenError(error.message)));
    zip.readEntry();
  }).catch((error: unknown) => {
    zip.close();
    throw error;
  });
  return {
    names: () => [...entries.keys()],
    size: (name) => entries.get(name)?.uncompressedSize ?? 0,
    open: (name) =>
      new Promise((resolve, reject) => {
        const entry = entries.get(name);
        if (!entry) return reject(new Error(`${name} is not in the zip`));
        zip.openReadStream(entry, (error, stream) => (error || !stream ? reject(error ?? new Error(`${name} cannot be read`)) : resolve(stream)));
      }),
    close: () => zip.close(),
  };
}
