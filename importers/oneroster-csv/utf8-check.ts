import { isUtf8 } from "node:buffer";
import { Transform, type TransformCallback } from "node:stream";

const LF = 0x0a;
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/**
 * Passes a file's bytes on unchanged, except a leading UTF-8 byte order mark, which it removes and remembers. It notes
 * the (1-based, physical) lines that are not valid UTF-8, so the parser's records can name them: the parser itself
 * would quietly turn such bytes into U+FFFD. Whole lines are checked, so a character split between chunks is no error.
 */
export class Utf8Check extends Transform {
  /** Lines holding bytes that are not UTF-8. */
  readonly badLines = new Set<number>();
  hadBom = false;
  private carry: Buffer = Buffer.alloc(0);
  private linesBefore = 0;
  private started = false;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    let bytes = this.carry.length > 0 ? Buffer.concat([this.carry, chunk]) : chunk;
    if (!this.started) {
      if (bytes.length < BOM.length && BOM.subarray(0, bytes.length).equals(bytes)) {
        this.carry = bytes;
        return callback();
      }
      this.started = true;
      if (bytes.subarray(0, 3).equals(BOM)) {
        this.hadBom = true;
        bytes = bytes.subarray(3);
      }
    }
    const end = bytes.lastIndexOf(LF) + 1;
    this.carry = bytes.subarray(end);
    if (end > 0) this.pass(bytes.subarray(0, end));
    callback();
  }

  override _flush(callback: TransformCallback): void {
    this.started = true;
    if (this.carry.length > 0) this.pass(this.carry);
    callback();
  }

  /** Complete lines (or the file's unterminated last one). */
  private pass(lines: Buffer): void {
    if (!isUtf8(lines)) {
      let start = 0;
      let line = this.linesBefore;
      while (start < lines.length) {
        const lf = lines.indexOf(LF, start);
        const stop = lf === -1 ? lines.length : lf + 1;
        line++;
        if (!isUtf8(lines.subarray(start, stop))) this.badLines.add(line);
        start = stop;
      }
    }
    for (let at = lines.indexOf(LF); at !== -1; at = lines.indexOf(LF, at + 1)) this.linesBefore++;
    this.push(lines);
  }
}
