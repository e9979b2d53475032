import { Writable } from "node:stream";
import yauzl from "yauzl";

/** A Writable that keeps what it is given, for a zip written in memory. */
export class Collector extends Writable {
  readonly chunks: Buffer[] = [];

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.chunks.push(chunk);
    callback();
  }

  get buffer(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

/** The entries of a zip, in archive order, each as UTF-8 text. */
export function readZip(zip: Buffer): Promise<Map<string, string>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(zip, { lazyEntries: true }, (error, archive) => {
      if (error || !archive) return reject(error);
      const entries = new Map<string, string>();
      archive.on("error", reject);
      archive.on("end", () => resolve(entries));
      archive.on("entry", (entry: yauzl.Entry) => {
        archive.openReadStream(entry, (streamError, stream) => {
          if (streamError || !stream) return reject(streamError);
          const parts: Buffer[] = [];
          stream.on("data", (part: Buffer) => parts.push(part));
          stream.on("error", reject);
          stream.on("end", () => {
            entries.set(entry.fileName, Buffer.concat(parts).toString("utf8"));
            archive.readEntry();
          });
        });
      });
      archive.readEntry();
    });
  });
}
