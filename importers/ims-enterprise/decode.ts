import iconv from "iconv-lite";
import { ImsFileError } from "./errors.ts";

/** "auto": a byte order mark, else the XML declaration's encoding, else UTF-8 (the XML default). */
export type EncodingSetting = "auto" | "utf-8" | "iso-8859-1" | "windows-1252" | "utf-16le" | "utf-16be";

/** How many bytes are looked at for a byte order mark and the XML declaration. */
const PROLOGUE_BYTES = 512;

/** The encoding the file's first bytes say: a BOM, UTF-16 without BOM (`<?` as 16-bit units), or `<?xml … encoding="…"?>`. */
export function detectEncoding(head: Buffer): { encoding: string; from: "bom" | "declaration" | "default" } {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: "utf-8", from: "bom" };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: "utf-16le", from: "bom" };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: "utf-16be", from: "bom" };
  if (head[0] === 0x3c && head[1] === 0x00 && head[2] === 0x3f && head[3] === 0x00) return { encoding: "utf-16le", from: "declaration" };
  if (head[0] === 0x00 && head[1] === 0x3c && head[2] === 0x00 && head[3] === 0x3f) return { encoding: "utf-16be", from: "declaration" };
  const declaration = /^<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(head.toString("latin1"));
  if (declaration) return { encoding: declaration[1]!.toLowerCase(), from: "declaration" };
  return { encoding: "utf-8", from: "default" };
}

/**
 * The file's text, chunk by chunk, decoded with the set or detected encoding (iconv-lite keeps characters split
 * across chunks whole; a BOM is dropped). Nothing is held beyond the current chunk.
 */
export async function* decodeChunks(bytes: AsyncIterable<Buffer | string>, file: string, setting: EncodingSetting): AsyncGenerator<{ text: string; encoding: string }> {
  let head = Buffer.alloc(0);
  let decoder: ReturnType<typeof iconv.getDecoder> | undefined;
  let encoding = "";
  const start = () => {
    encoding = setting === "auto" ? detectEncoding(head).encoding : setting;
    if (!iconv.encodingExists(encoding)) throw new ImsFileError(file, 1, undefined, `unknown encoding "${encoding}" in the XML declaration`);
    decoder = iconv.getDecoder(encoding, { stripBOM: true });
  };
  for await (const chunk of bytes) {
    const buffer = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
    if (!decoder) {
      head = Buffer.concat([head, buffer]);
      if (head.length < PROLOGUE_BYTES) continue;
      start();
      yield { text: decoder!.write(head), encoding };
      continue;
    }
    yield { text: decoder.write(buffer), encoding };
  }
  if (!decoder) {
    start();
    yield { text: decoder!.write(head), encoding };
  }
  const rest = decoder!.end();
  if (rest) yield { text: rest, encoding };
}
