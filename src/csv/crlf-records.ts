import { Transform, type TransformCallback } from "node:stream";

const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;

/**
 * PostgreSQL's CSV (COPY … TO STDOUT (FORMAT csv)) with CRLF after each record instead of its LF, as the binding's
 * files are written elsewhere (csv-text.ts): a line break inside a quoted field is data and stays as it is. Counts the
 * records it passes on.
 */
export class CrlfRecords extends Transform {
  /** Inside a quoted field at the end of the last chunk. */
  #quoted = false;
  #records = 0;
  readonly #onRecords: (n: number) => void;

  constructor(onRecords: (n: number) => void = () => {}) {
    super();
    this.#onRecords = onRecords;
  }

  get records(): number {
    return this.#records;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    const ends = this.#recordEnds(chunk);
    if (ends.length === 0) return done(null, chunk);
    this.#records += ends.length;
    this.#onRecords(ends.length);
    const out = Buffer.allocUnsafe(chunk.length + ends.length);
    let from = 0;
    let to = 0;
    for (const end of ends) {
      to += chunk.copy(out, to, from, end);
      out[to++] = CR;
      from = end;
    }
    chunk.copy(out, to, from);
    done(null, out);
  }

  /** Where the chunk's record-ending LFs are. A doubled quote inside a quoted field turns the state twice. */
  #recordEnds(chunk: Buffer): number[] {
    const ends: number[] = [];
    if (!this.#quoted && !chunk.includes(QUOTE)) {
      for (let at = chunk.indexOf(LF); at !== -1; at = chunk.indexOf(LF, at + 1)) ends.push(at);
      return ends;
    }
    let quoted = this.#quoted;
    for (let at = 0; at < chunk.length; at++) {
      const byte = chunk[at];
      if (byte === QUOTE) quoted = !quoted;
      else if (byte === LF && !quoted) ends.push(at);
    }
    this.#quoted = quoted;
    return ends;
  }
}
