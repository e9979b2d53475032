import { once } from "node:events";
import { Duplex, PassThrough, type Readable, type Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { setImmediate as nextTurn } from "node:timers/promises";
import { ZipArchive } from "archiver";

/** Bytes handed to the zip at a time, and deflate's output buffer: enough work per trip to the thread pool. */
const PIECE_BYTES = 256 * 1024;
/** Bytes an entry buffers before its writer waits for the zip to take them. */
const ENTRY_BUFFER = 1024 * 1024;

/** Chunks joined into pieces of PIECE_BYTES (a socket's chunks are 64 KiB at most). */
async function* inPieces(chunks: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  let pieces: Buffer[] = [];
  let size = 0;
  for await (const chunk of chunks) {
    pieces.push(chunk);
    size += chunk.length;
    if (size < PIECE_BYTES) continue;
    yield Buffer.concat(pieces, size);
    pieces = [];
    size = 0;
  }
  if (size > 0) yield Buffer.concat(pieces, size);
}

/**
 * A zip streamed into `output` entry by entry, with backpressure: a writer waits while the archive (and so the
 * output) is behind, so memory stays flat whatever the size. A failure of the output fails the writer at once.
 */
export class ZipWriter {
  readonly #archive: ZipArchive;
  readonly #done: Promise<void>;
  readonly #failed: Promise<never>;
  readonly #date: Date;
  #entry: PassThrough | undefined;

  constructor(output: Writable, date: Date) {
    this.#date = date;
    // Deflate runs in libuv's thread pool, in parallel with the formatting on the main thread (level 1: fastest).
    this.#archive = new ZipArchive({ zlib: { level: 1, chunkSize: PIECE_BYTES } });
    this.#done = pipeline(this.#archive, output);
    this.#failed = this.#done.then(
      () => new Promise<never>(() => {}),
      (error: unknown) => Promise.reject(error),
    );
    // Whoever waits sees the failure through #failed; this only keeps it from being an unhandled rejection.
    this.#failed.catch(() => {});
  }

  addText(name: string, content: string): void {
    this.#archive.append(content, { name, date: this.#date });
  }

  /** Adds an entry whose content `fill` writes piece by piece; resolves once all of it is handed to the zip. */
  async addStream(name: string, fill: (write: (text: string) => Promise<void>) => Promise<void>): Promise<void> {
    const entry = this.#openEntry(name);
    let pieces: Buffer[] = [];
    let size = 0;
    const flush = async () => {
      const piece = Buffer.concat(pieces, size);
      pieces = [];
      size = 0;
      if (!entry.write(piece)) await Promise.race([once(entry, "drain"), this.#failed]);
    };
    await fill(async (text) => {
      const bytes = Buffer.from(text);
      pieces.push(bytes);
      size += bytes.length;
      if (size >= PIECE_BYTES) await flush();
      // The compression thread reports back through the event loop: let it in between pieces of formatting, or it
      // sits idle until the formatting waits for it.
      await nextTurn();
    });
    if (size > 0) await flush();
    entry.end();
    this.#entry = undefined;
  }

  /**
   * Adds an entry of `head` followed by what `source` streams through `through`; resolves once all of it is handed to
   * the zip.
   */
  async addReadable(name: string, head: string, source: Readable, ...through: Duplex[]): Promise<void> {
    const entry = this.#openEntry(name);
    entry.write(head);
    const piped = pipeline([source, ...through, Duplex.from(inPieces), entry]);
    // When the zip fails first, fail() destroys the entry and the pipeline rejects too; #failed has reported it.
    piped.catch(() => {});
    await Promise.race([piped, this.#failed]);
    this.#entry = undefined;
  }

  /** A new entry of the zip, fed through the stream returned (the one fail() destroys). */
  #openEntry(name: string): PassThrough {
    const entry = new PassThrough({ highWaterMark: ENTRY_BUFFER });
    this.#entry = entry;
    this.#archive.append(entry, { name, date: this.#date });
    return entry;
  }

  /** Writes the central directory and waits until the output has everything. */
  async finish(): Promise<void> {
    await Promise.race([this.#archive.finalize(), this.#failed]);
    await this.#done;
  }

  /** Stops on an error: the output is destroyed with it rather than ended, so no reader takes a cut zip as whole. */
  async fail(error: Error): Promise<void> {
    this.#entry?.destroy(error);
    this.#archive.destroy(error);
    await this.#done.catch(() => undefined);
  }
}
