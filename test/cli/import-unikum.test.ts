import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { runCli } from "../helpers/cli.ts";
import { cliDatabase } from "../helpers/cli-database.ts";

const fixture = (path: string) => fileURLToPath(new URL(`../fixtures/${path}`, import.meta.url));

describe("oneroster import unikum | adela | skolplatsen | mapped-file", () => {
  const db = cliDatabase("oneroster-file-import-cli-data-");
  let folder: string;
  before(async () => {
    await db.setUp();
    folder = await mkdtemp(join(tmpdir(), "oneroster-file-import-cli-"));
  });
  after(async () => {
    await db.tearDown();
    await rm(folder, { recursive: true, force: true });
  });

  it("imports Unikum files into a tenant and prints what it did", async () => {
    const { code, stdout, stderr } = await runCli(
      ["import", "unikum", fixture("unikum/objects.txt"), fixture("unikum/relations.txt"), "--tenant", "kommun", "--as-of", "2026-09-01"],
      db.env(),
    );
    assert.equal(code, 0, stderr);
    const lines = stdout.trimEnd().split("\n");
    assert.match(lines[0]!, /^imported Unikum \S+objects\.txt \S+relations\.txt \(full\) into tenant kommun in [\d.]+ s, run [0-9a-f-]{36}$/);
    assert.deepEqual(lines.slice(1), [
      "  orgs: 1 created, 0 updated, 0 unchanged, 0 removed, 0 skipped",
      "  academicSessions: 3 created, 0 updated, 0 unchanged, 0 removed, 0 skipped",
      "  courses: 2 created, 0 updated, 0 unchanged, 0 removed, 0 skipped",
      "  classes: 2 created, 0 updated, 0 unchanged, 0 removed, 0 skipped",
      "  users: 6 created, 0 updated, 0 unchanged, 0 removed, 0 skipped",
      "  enrollments: 8 created, 0 updated, 0 unchanged, 0 removed, 0 skipped",
      "  notes and warnings: 1",
      "    users: 1 person(s) with only a temporary number and no id or e-mail to key them by: left out",
    ]);
  });

  it("refuses a bad file with file:line: column: why on stderr, exit 1, nothing written", async () => {
    const bad = join(folder, "bad.txt");
    await writeFile(bad, "K-1\t1A\t\t\t\t\tclass\nK-1\t1A\tclass\n");
    const { code, stdout, stderr } = await runCli(["import", "unikum", bad, "--tenant", "kommun"], db.env());
    assert.equal(code, 1);
    assert.equal(stdout, "");
    assert.equal(stderr, "bad.txt:2: (row): a class row has 7 columns, this one 3\nerror: " + bad + ": 1 problem(s), nothing was imported\n");
    const runs = await runCli(["runs", "--tenant", "kommun", "--json"], db.env());
    assert.equal(JSON.parse(runs.stdout).length, 1, "no run recorded for the bad file");
  });

  it("dry-runs an Adela file with its preset and writes nothing", async () => {
    const { code, stdout, stderr } = await runCli(["import", "adela", fixture("mapped-file/adela.xml"), "--tenant", "kommun", "--as-of", "2026-09-01", "--dry-run"], db.env());
    assert.equal(code, 0, stderr);
    assert.match(stdout, /^dry run of adela \S+adela\.xml \(full\) into tenant kommun in [\d.]+ s$/m);
    assert.match(stdout, /^ {2}users: 5 created, 0 updated, 0 unchanged, 0 removed, 0 skipped$/m);
    assert.match(stdout, /^ {4}users: 1 person\(s\) with protected identity \(skyddad identitet\) left out with their memberships and links$/m);
    const runs = await runCli(["runs", "--tenant", "kommun", "--json"], db.env());
    assert.equal(JSON.parse(runs.stdout).length, 1, "a dry run records no run");
  });
});
