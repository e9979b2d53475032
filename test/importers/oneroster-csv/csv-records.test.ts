import assert from "node:assert/strict";
import { Readable } from "node:stream";
import { describe, it } from "node:test";
import { formatProblem } from "../../../importers/oneroster-csv/index.ts";
import { csvRecords, type CsvReadNotes } from "../../../importers/oneroster-csv/csv-records.ts";
import { ProblemList } from "../../../importers/oneroster-csv/problems.ts";

/** The file's bytes as a zip entry stream would give them, `size` bytes at a time (splitting records, CRLFs and characters). */
function chunked(bytes: Buffer, size: number): Readable {
  const chunks: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += size) chunks.push(bytes.subarray(at, at + size));
  return Readable.from(chunks);
}

async function read(text: string | Buffer, size = 5): Promise<{ records: Array<[number, string[]]>; problems: string[]; notes: CsvReadNotes }> {
  const problems = new ProblemList();
  const notes: CsvReadNotes = { hadBom: false };
  const records: Array<[number, string[]]> = [];
  for await (const batch of csvRecords(chunked(Buffer.from(text), size), "f.csv", problems, notes)) {
    for (const { line, cells } of batch) records.push([line, cells]);
  }
  return { records, problems: problems.list.map(formatProblem), notes };
}

describe("csvRecords: a CSV file's records with their first lines", () => {
  const expected: Array<[number, string[]]> = [
    [1, ["a", "b"]],
    [2, ["x", 'say "hi"']],
    [3, ["två\r\nrader", "é"]],
    [6, ["", "last"]],
  ];

  for (const [name, text] of [
    ["CRLF", 'a,b\r\nx,"say ""hi"""\r\n"två\r\nrader",é\r\n\r\n,last\r\n'],
    ["LF, the last line unended", 'a,b\nx,"say ""hi"""\n"två\r\nrader",é\n\n,last'],
    ["a lone CR", 'a,b\rx,"say ""hi"""\r"två\r\nrader",é\r\r,last\r'],
  ] as const) {
    it(`reads ${name} line breaks, quotes, quoted line breaks and blank lines, whatever the chunks`, async () => {
      for (const size of [1, 3, 7, 64 * 1024]) {
        const { records, problems } = await read(text, size);
        assert.deepEqual(problems, []);
        assert.deepEqual(records.map(([, cells]) => cells), expected.map(([, cells]) => cells), `chunks of ${size}`);
        // Lines are counted by line breaks; a lone-CR file has no LF, so its numbers are not held to the LF count.
        if (name !== "a lone CR") assert.deepEqual(records, expected, `chunks of ${size}`);
      }
    });
  }

  it("notes a byte order mark and removes it", async () => {
    const { records, notes } = await read("\uFEFFa,b\r\n1,2\r\n");
    assert.equal(notes.hadBom, true);
    assert.deepEqual(records, [[1, ["a", "b"]], [2, ["1", "2"]]]);
  });

  it("keeps a quote inside an unquoted field as data, as spreadsheets write it", async () => {
    const { records, problems } = await read('a,b\r\n5" disk,x\r\n');
    assert.deepEqual(problems, []);
    assert.deepEqual(records, [[1, ["a", "b"]], [2, ['5" disk', "x"]]]);
  });

  it("stops at a quote that is not doubled, or text after a closing quote, naming the record's line", async () => {
    for (const bad of ['x,"say "hi""', 'x,"quoted"text']) {
      const { records, problems, notes } = await read(`a,b\r\n1,2\r\n${bad}\r\n3,4\r\n`);
      assert.deepEqual(records, [[1, ["a", "b"]], [2, ["1", "2"]]]);
      assert.deepEqual(problems, [
        `f.csv:3: (csv): a quote (") inside a quoted field must be doubled (""), and only a comma or the line's end may follow its closing quote; the rest of the file is not read`,
      ]);
      assert.equal(notes.failed, true);
    }
  });

  it("stops at a quoted field never closed, at the line it opens on", async () => {
    const { records, problems } = await read('a,b\r\n1,"open\r\n2,3\r\n');
    assert.deepEqual(records, [[1, ["a", "b"]]]);
    assert.deepEqual(problems, ["f.csv:2: (csv): a quoted field is opened but never closed; the rest of the file is not read"]);
  });

  it("gives up on a record that runs on for over 1 MiB instead of parsing it again for every chunk", async () => {
    const { records, problems } = await read(`a,b\r\n1,"open${"x\r\n".repeat(400_000)}`, 64 * 1024);
    assert.deepEqual(records, [[1, ["a", "b"]]]);
    assert.deepEqual(problems, ["f.csv:2: (csv): a record runs on for over 1 MiB (a quoted field opened but never closed?); the rest of the file is not read"]);
  });
});
