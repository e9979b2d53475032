import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { readIdentityCsv } from "../../../importers/identity-csv/identity-index.ts";
import type { IdentityCsvSettings } from "../../../importers/identity-csv/settings.ts";

describe("reading an identity CSV", () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "identity-csv-"));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  const settings = (file: string): IdentityCsvSettings => ({ file, matchBy: "personnummer", columns: { key: "pnr", email: "mail", username: "upn" } });

  it("indexes rows by normalised key and lists each row it leaves out as file:line: column: why", async () => {
    const file = join(dir, "ad.csv");
    await writeFile(
      file,
      "\uFEFFpnr;mail;upn\r\n" +
        "19121212-1212;anna@skola.se;anna@skola.se\r\n" +
        "20130101-TF01;tf@skola.se;tf@skola.se\r\n" +
        "197010632391;bo@skola.se;bo@skola.se\r\n" +
        "19701063-2391;bo2@skola.se;bo2@skola.se\r\n" +
        "200001012384;inte-en-adress;x\r\n",
    );
    const index = await readIdentityCsv(settings(file));
    assert.equal(index.rows, 5);
    assert.deepEqual(index.find(index.normalise("191212121212")), { email: "anna@skola.se", username: "anna@skola.se" });
    assert.equal(index.find(index.normalise("19701063-2391")), undefined, "a key on two rows matches nobody");
    assert.deepEqual(index.problems, [
      `${file}:3: pnr: not a valid personnummer (temporary numbers are never matched)`,
      `${file}:5: the key appears on more than one row: none of them is used`,
      `${file}:6: mail: "inte-en-adress" is not an e-mail address`,
    ]);
    assert.equal(index.unusedRows, 0);
  });

  it("refuses a file without the named columns, naming the header it has", async () => {
    const file = join(dir, "wrong.csv");
    await writeFile(file, "personnummer,mail\n19121212-1212,a@b.se\n");
    await assert.rejects(readIdentityCsv(settings(file)), new RegExp(`^IdentityCsvError: ${file.replaceAll(".", "\\.")}:1: no column "pnr", "upn" \\(the header has "personnummer", "mail"\\)$`));
  });

  it("says so when the file is missing", async () => {
    await assert.rejects(readIdentityCsv(settings(join(dir, "none.csv"))), /none\.csv: no such file$/);
  });
});
