import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import iconv from "iconv-lite";
import { plainImsXml } from "../fixtures/ims-enterprise/plain.ts";
import { runCli } from "../helpers/cli.ts";
import { cliDatabase } from "../helpers/cli-database.ts";
import { FIXTURES } from "../importers/ims-enterprise/helpers.ts";
import { edlevoDeltaWindow } from "../../src/cli/commands/import-edlevo.ts";

describe("oneroster import edlevo | alvis | ist-ims", () => {
  const db = cliDatabase("oneroster-ims-cli-data-");
  let folder: string;
  let alvisFile: string;
  before(async () => {
    await db.setUp();
    folder = await mkdtemp(join(tmpdir(), "oneroster-ims-cli-"));
    alvisFile = join(folder, "alvis.xml");
    await writeFile(alvisFile, iconv.encode(plainImsXml({ encoding: "ISO-8859-1", register: "Alvis" }), "latin1"));
  });
  after(async () => {
    await db.tearDown();
    await rm(folder, { recursive: true, force: true });
  });

  it("imports saved Edlevo answers, then a delta file", async () => {
    const complete = await runCli(
      ["import", "edlevo", "--tenant", "kommun", "--file", `${FIXTURES}edlevo-complete.xml`, "--personnel-file", `${FIXTURES}edlevo-personnel.xml`, "--as-of", "2026-09-01"],
      db.env(),
    );
    assert.equal(complete.code, 0, complete.stderr);
    assert.match(complete.stdout, /^imported Edlevo \(full\) into tenant kommun in [\d.]+ s, run [0-9a-f-]{36}$/m);
    assert.match(complete.stdout, /^ {2}users: 5 created, 0 updated, 0 unchanged, 0 removed, 0 skipped$/m);
    assert.match(complete.stdout, /^ {4}users: 2 person\(s\) with a protected identity \(privacy\) left out/m);
    const delta = await runCli(["import", "edlevo", "--tenant", "kommun", "--file", `${FIXTURES}edlevo-delta.xml`, "--as-of", "2026-09-02"], db.env());
    assert.equal(delta.code, 0, delta.stderr);
    assert.match(delta.stdout, /^imported Edlevo \(delta\) into tenant kommun/m);
    assert.match(delta.stdout, /^ {2}enrollments: 2 created, 0 updated, 0 unchanged, 2 removed, 0 skipped$/m);
    assert.match(delta.stdout, /, run [0-9a-f-]{36}$/m);
  });

  it("imports an Alvis file, and a truncated one fails with file:line and writes nothing", async () => {
    const good = await runCli(["import", "alvis", alvisFile, "--tenant", "vux", "--as-of", "2026-09-01"], db.env());
    assert.equal(good.code, 0, good.stderr);
    assert.match(good.stdout, /^imported Alvis IMS export \(full\) into tenant vux/m);
    assert.match(good.stdout, /^ {2}enrollments: 9 created/m);
    const cut = join(folder, "cut.xml");
    const xml = plainImsXml({ encoding: "UTF-8", register: "Extens" });
    await writeFile(cut, xml.slice(0, xml.indexOf("</membership>")));
    const bad = await runCli(["import", "ist-ims", cut, "--tenant", "vux", "--source", "alvis", "--as-of", "2026-09-01"], db.env());
    assert.equal(bad.code, 1);
    assert.equal(bad.stdout, "");
    assert.match(bad.stderr, new RegExp(`^error: import of IST IMS export into tenant vux failed, nothing was written: ${cut.replaceAll(".", "\\.")}:\\d+: /enterprise/membership\\[1\\]: the file ends before </enterprise>: it is truncated`, "m"));
    const runs = await runCli(["runs", "--tenant", "vux", "--json"], db.env());
    assert.equal(JSON.parse(runs.stdout).length, 1, "the bad file made no run");
  });

  it("refuses a command without its export, naming what to give", async () => {
    const { code, stderr } = await runCli(["import", "ist-ims", "--tenant", "vux"], db.env());
    assert.equal(code, 1);
    assert.match(stderr, /^error: IST IMS export settings: give either file \(a local path\) or sftp \(where to fetch it\)$/m);
  });

  it("asks Edlevo for a delta window from the last good run to 5 minutes ago, in Swedish time, within Edlevo's limits", () => {
    const now = new Date("2026-09-02T12:00:00Z");
    assert.deepEqual(edlevoDeltaWindow("2026-09-01T23:50:00.000Z", now), { start: "2026-09-02T01:50:00", end: "2026-09-02T13:55:00" });
    assert.throws(() => edlevoDeltaWindow("2026-09-02T11:52:00.000Z", now), { name: "CliError", message: /too recent/ });
    assert.throws(() => edlevoDeltaWindow("2026-08-31T11:00:00.000Z", now), { name: "CliError", message: /more than 24 hours ago/ });
  });
});
