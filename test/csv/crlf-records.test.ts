import assert from "node:assert/strict";
import { Readable } from "node:stream";
import { buffer } from "node:stream/consumers";
import { describe, it } from "node:test";
import { CrlfRecords } from "../../src/csv/crlf-records.ts";

/** The text through CrlfRecords in chunks of `size` bytes: what comes out, the records counted and reported. */
async function throughInChunks(text: string, size: number): Promise<{ out: string; records: number; reported: number }> {
  const bytes = Buffer.from(text);
  const chunks: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += size) chunks.push(bytes.subarray(at, at + size));
  let reported = 0;
  const records = new CrlfRecords((n) => (reported += n));
  const out = await buffer(Readable.from(chunks).pipe(records));
  return { out: out.toString(), records: records.records, reported };
}

// As PostgreSQL writes CSV: LF after each record, a quoted field for a comma, quote, CR or LF.
const COPY_CSV = [
  "a,b,c\n",
  '"line\nbreak",x,\n',
  '"crlf\r\ninside","say ""hi""\n",y\n',
  '"lone\rcr",ö,""""\n',
  '"",,"\n"\n',
  "\\.,z,\n",
].join("");
const EXPECTED = [
  "a,b,c\r\n",
  '"line\nbreak",x,\r\n',
  '"crlf\r\ninside","say ""hi""\n",y\r\n',
  '"lone\rcr",ö,""""\r\n',
  '"",,"\n"\r\n',
  "\\.,z,\r\n",
].join("");

describe("CrlfRecords: PostgreSQL's CSV with CRLF record ends", () => {
  for (const size of [1, 2, 3, 7, 64 * 1024]) {
    it(`ends records with CRLF and leaves line breaks inside quotes alone, in chunks of ${size} bytes`, async () => {
      assert.deepEqual(await throughInChunks(COPY_CSV, size), { out: EXPECTED, records: 6, reported: 6 });
    });
  }

  it("passes a chunk without a record end as it is", async () => {
    assert.deepEqual(await throughInChunks("abc", 2), { out: "abc", records: 0, reported: 0 });
  });
});
