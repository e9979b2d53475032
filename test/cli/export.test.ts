import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { runCli } from "../helpers/cli.ts";
import { cliDatabase } from "../helpers/cli-database.ts";
import { readZip } from "../csv/zip-contents.ts";

const db = cliDatabase("oneroster-export-data-");
const outDir = mkdtempSync(join(tmpdir(), "oneroster-export-out-"));

describe("oneroster export oneroster-csv", () => {
  before(async () => {
    await db.setUp();
    const demo = await runCli(["demo", "--students", "40"], db.env());
    assert.equal(demo.code, 0, demo.stderr);
  });
  after(async () => {
    await db.tearDown();
    rmSync(outDir, { recursive: true, force: true });
  });

  it("writes a bulk zip of the demo tenant that opens and lists the manifest and the 13 files", async () => {
    const out = join(outDir, "bulk.zip");
    const { code, stdout, stderr } = await runCli(["export", "oneroster-csv", "--tenant", "default", "--out", out], db.env());
    assert.equal(code, 0, stderr);
    assert.match(stdout, new RegExp(`^wrote ${out.replaceAll(/[.*+?^${}()|[\]\\]/g, "\\$&")}: \\d+ rows \\(bulk\\) in [\\d.]+ s\n`));
    assert.match(stdout, /^ {2}enrollments: \d+ \(bulk\)$/m);
    assert.match(stdout, /^next delta: --since \d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/m);
    const files = await readZip(readFileSync(out));
    assert.deepEqual([...files.keys()].sort(), [
      "academicSessions.csv",
      "categories.csv",
      "classResources.csv",
      "classes.csv",
      "courseResources.csv",
      "courses.csv",
      "demographics.csv",
      "enrollments.csv",
      "lineItems.csv",
      "manifest.csv",
      "orgs.csv",
      "resources.csv",
      "results.csv",
      "users.csv",
    ]);
    assert.match(files.get("manifest.csv")!, /^propertyName,value\r\nmanifest\.version,1\.0\r\noneroster\.version,1\.1\r\nfile\.academicSessions,bulk\r\n/);
    assert.ok(files.get("enrollments.csv")!.split("\r\n").length > 40);
    assert.ok(readdirSync(outDir).every((name) => name.endsWith(".zip")), "no temporary file is left");
  });

  it("writes deltas: of everything since long ago, and of nothing at one school since the far future", async () => {
    const everything = join(outDir, "delta-all.zip");
    const all = await runCli(["export", "oneroster-csv", "--tenant", "default", "--out", everything, "--since", "2000-01-01T00:00:00Z"], db.env());
    assert.equal(all.code, 0, all.stderr);
    assert.match(all.stdout, /: \d+ rows \(delta\)/);
    const files = await readZip(readFileSync(everything));
    assert.match(files.get("manifest.csv")!, /file\.users,delta\r\n/);
    const school = files.get("orgs.csv")!.split("\r\n").find((line) => line.includes(",school,"))!.split(",")[0]!;
    assert.match(files.get("orgs.csv")!, new RegExp(`\r\n${school},active,\\d{4}-\\d{2}-\\d{2}T`));

    const nothing = join(outDir, "delta-none.zip");
    const none = await runCli(
      ["export", "oneroster-csv", "--tenant", "default", "--out", nothing, "--since", "2999-01-01T00:00:00Z", "--schools", school],
      db.env(),
    );
    assert.equal(none.code, 0, none.stderr);
    assert.match(none.stdout, /: 0 rows \(delta\)/);
    const empty = await readZip(readFileSync(nothing));
    assert.deepEqual([...empty.keys()], ["manifest.csv"]);
    assert.match(empty.get("manifest.csv")!, /file\.users,absent\r\n/);
  });

  const refusals: Array<{ args: string[]; message: (out: string) => string }> = [
    { args: ["--tenant", "nope"], message: () => 'error: --tenant: unknown tenant "nope"\n' },
    { args: ["--tenant", "default", "--schools", "no-such-school"], message: () => 'error: --schools: unknown school "no-such-school" in tenant "default"\n' },
    {
      args: ["--tenant", "default", "--since", "yesterday"],
      message: () => 'error: --since: "yesterday" is not an ISO 8601 date-time with a time zone, e.g. 2026-11-25T08:00:00Z\n',
    },
  ];
  for (const { args, message } of refusals) {
    it(`refuses ${args.join(" ")} in one line naming the option, exits 1 and writes nothing`, async () => {
      const out = join(outDir, "refused.zip");
      const { code, stdout, stderr } = await runCli(["export", "oneroster-csv", ...args, "--out", out], db.env());
      assert.equal(code, 1);
      assert.equal(stdout, "");
      assert.equal(stderr, message(out));
      assert.equal(existsSync(out), false);
      assert.ok(!readdirSync(outDir).some((name) => name.includes("refused")), "nor a temporary one");
    });
  }

  it("refuses an --out whose folder does not exist", async () => {
    const out = join(outDir, "missing", "x.zip");
    const { code, stdout, stderr } = await runCli(["export", "oneroster-csv", "--tenant", "default", "--out", out], db.env());
    assert.equal(code, 1);
    assert.equal(stdout, "");
    assert.equal(stderr, `error: --out: the folder of ${out} does not exist\n`);
  });
});
