import { isUtf8 } from "node:buffer";
import iconv from "iconv-lite";

export type TextEncoding = "auto" | "utf-8" | "iso-8859-1" | "utf-16";

/** A file's bytes could not be read as text in the encoding given; `line` is 1-based (0: the file as a whole). */
export class TextDecodingError extends Error {
  override name = "TextDecodingError";
  constructor(
    readonly line: number,
    readonly why: string,
  ) {
    super(why);
  }
}

export interface DecodedText {
  text: string;
  /** What the bytes were read as. */
  encoding: "utf-8" | "iso-8859-1" | "utf-16le" | "utf-16be";
}

const UTF8_BOM = [0xef, 0xbb, 0xbf];

/**
 * Text of a register file. A byte order mark decides (UTF-8, UTF-16 LE/BE); otherwise `auto` reads valid UTF-8 as
 * UTF-8 and anything else as ISO-8859-1, the encoding Swedish registers (and Excel's "Text (tab-separated)") write.
 * `utf-8` refuses bytes that are not UTF-8, naming the first such line, instead of quietly turning them into U+FFFD;
 * `utf-16` needs its byte order mark.
 */
export function decodeText(bytes: Buffer, encoding: TextEncoding): DecodedText {
  const bom = bomOf(bytes);
  if (bom === "utf-16le" || bom === "utf-16be") {
    if (encoding === "utf-8" || encoding === "iso-8859-1") throw new TextDecodingError(0, `the file is UTF-16 (it starts with a UTF-16 byte order mark), not ${encoding}`);
    return { text: iconv.decode(bytes.subarray(2), bom), encoding: bom };
  }
  if (encoding === "utf-16") throw new TextDecodingError(0, "not UTF-16: the file has no UTF-16 byte order mark");
  const body = bom === "utf-8" ? bytes.subarray(3) : bytes;
  if (encoding === "iso-8859-1") {
    if (bom === "utf-8") throw new TextDecodingError(0, "the file is UTF-8 (it starts with a UTF-8 byte order mark), not ISO-8859-1");
    return { text: iconv.decode(body, "latin1"), encoding: "iso-8859-1" };
  }
  if (isUtf8(body)) return { text: body.toString("utf8"), encoding: "utf-8" };
  if (encoding === "utf-8" || bom === "utf-8") {
    throw new TextDecodingError(firstNonUtf8Line(body), "not UTF-8 (ISO-8859-1?); save the file as UTF-8 or set the encoding to iso-8859-1");
  }
  return { text: iconv.decode(body, "latin1"), encoding: "iso-8859-1" };
}

function bomOf(bytes: Buffer): "utf-8" | "utf-16le" | "utf-16be" | undefined {
  if (bytes.length >= 3 && UTF8_BOM.every((b, i) => bytes[i] === b)) return "utf-8";
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return "utf-16le";
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return "utf-16be";
  return undefined;
}

function firstNonUtf8Line(bytes: Buffer): number {
  let line = 1;
  let start = 0;
  while (start < bytes.length) {
    const lf = bytes.indexOf(0x0a, start);
    const stop = lf === -1 ? bytes.length : lf + 1;
    if (!isUtf8(bytes.subarray(start, stop))) return line;
    line++;
    start = stop;
  }
  return 0;
}
