import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { bulkEntries, manifestCsv, smallRoster, zipOf } from "../fixtures/oneroster-csv/zip.ts";
import { runCli } from "../helpers/cli.ts";
import { cliDatabase } from "../helpers/cli-database.ts";

const db = cliDatabase("oneroster-import-data-");
const zipDir = mkdtempSync(join(tmpdir(), "oneroster-import-zips-"));

async function writeZip(name: string, entries: Record<string, string>): Promise<string> {
  const path = join(zipDir, name);
  writeFileSync(path, await zipOf(entries));
  return path;
}

const RUN_LINE = (zip: string, tenant: string, mode: string, status: string) =>
  new RegExp(`^${zip.replaceAll(/[.*+?^${}()|[\]\\]/g, "\\$&")} → tenant ${tenant}, source oneroster-csv \\(${mode}\\): ${status} in [\\d.]+ s`);

describe("oneroster import oneroster-csv", () => {
  let valid: string;
  before(async () => {
    await db.setUp();
    valid = await writeZip("valid.zip", bulkEntries(smallRoster()));
  });
  after(async () => {
    await db.tearDown();
    rmSync(zipDir, { recursive: true, force: true });
  });

  it("imports a bulk zip into a new tenant, prints the counts per entity, and the run is in the history", async () => {
    const { code, stdout, stderr } = await runCli(["import", "oneroster-csv", valid, "--tenant", "skola"], db.env());
    assert.equal(code, 0, stderr);
    const lines = stdout.trimEnd().split("\n");
    assert.match(lines[0]!, RUN_LINE(valid, "skola", "full", "succeeded"));
    assert.deepEqual(lines.slice(1), [
      "  orgs: 2 created, 0 updated, 0 unchanged, 0 removed, 0 skipped",
      "  academicSessions: 2 created, 0 updated, 0 unchanged, 0 removed, 0 skipped",
      "  courses: 1 created, 0 updated, 0 unchanged, 0 removed, 0 skipped",
      "  classes: 1 created, 0 updated, 0 unchanged, 0 removed, 0 skipped",
      "  users: 4 created, 0 updated, 0 unchanged, 0 removed, 0 skipped",
      "  demographics: 1 created, 0 updated, 0 unchanged, 0 removed, 0 skipped",
      "  enrollments: 3 created, 0 updated, 0 unchanged, 0 removed, 0 skipped",
    ]);
    const runs = await runCli(["runs", "--tenant", "skola", "--json"], db.env());
    const list = JSON.parse(runs.stdout) as Array<{ status: string; sourceKind: string; mode: string }>;
    assert.deepEqual(list.map((r) => [r.status, r.sourceKind, r.mode]), [["succeeded", "oneroster-csv", "full"]]);
  });

  it("refuses a zip with invalid rows: every problem on stderr as file:line: column: why, exit 1, nothing written", async () => {
    const rows = smallRoster();
    const zip = await writeZip(
      "invalid.zip",
      bulkEntries({ ...rows, orgs: [rows.orgs[0]!, "org-s,,,Björkskolan,skola,,org-d"], enrollments: [...rows.enrollments, "e-9,,,k-1,org-s,u-404,student,,,"] }),
    );
    const { code, stdout, stderr } = await runCli(["import", "oneroster-csv", zip, "--tenant", "skola"], db.env());
    assert.equal(code, 1);
    assert.equal(stdout, "");
    assert.equal(
      stderr,
      'orgs.csv:3: type: "skola" is not one of department, school, district, local, state, national\n' +
        'enrollments.csv:5: userSourcedId: "u-404" is neither in users.csv nor in the tenant\n' +
        `error: ${zip}: 2 problem(s), nothing was imported\n`,
    );
    const runs = await runCli(["runs", "--tenant", "skola", "--json"], db.env());
    assert.equal((JSON.parse(runs.stdout) as unknown[]).length, 1);
  });

  it("prints the first 200 problems and how many more there are", async () => {
    const rows = smallRoster();
    const bad = Array.from({ length: 250 }, (_, i) => `e-x${i},,,k-1,org-s,u-1,pupil,,,`);
    const zip = await writeZip("many.zip", bulkEntries({ ...rows, enrollments: [...rows.enrollments, ...bad] }));
    const { code, stderr } = await runCli(["import", "oneroster-csv", zip, "--tenant", "skola"], db.env());
    assert.equal(code, 1);
    const lines = stderr.trimEnd().split("\n");
    assert.equal(lines.length, 202);
    assert.equal(lines[0], 'enrollments.csv:5: role: "pupil" is not one of administrator, proctor, student, teacher');
    assert.equal(lines[199], 'enrollments.csv:204: role: "pupil" is not one of administrator, proctor, student, teacher');
    assert.equal(lines[200], "… and 50 more");
    assert.equal(lines[201], `error: ${zip}: 250 problem(s), nothing was imported`);
  });

  it("with --skip-invalid imports the rest and lists the rows it left out", async () => {
    const rows = smallRoster();
    const zip = await writeZip("skip.zip", bulkEntries({ ...rows, users: [...rows.users, "u-3,,,true,org-s,pupil,dy.e,,Dy,Elev,,,,,,,07,"] }));
    const { code, stdout, stderr } = await runCli(["import", "oneroster-csv", zip, "--tenant", "skola", "--skip-invalid"], db.env());
    assert.equal(code, 0, stderr);
    const lines = stdout.trimEnd().split("\n");
    assert.deepEqual(lines.slice(0, 2), [
      "skipped 1 invalid row(s):",
      '  users.csv:6: role: "pupil" is not one of administrator, aide, guardian, parent, proctor, relative, student, teacher',
    ]);
    assert.match(lines[2]!, RUN_LINE(zip, "skola", "full", "succeeded"));
    assert.ok(lines.includes("  users: 0 created, 0 updated, 4 unchanged, 0 removed, 0 skipped"), stdout);
  });

  it("a bulk zip without demographics.csv keeps the stored demographics", async () => {
    const entries = bulkEntries(smallRoster());
    delete entries["demographics.csv"];
    entries["manifest.csv"] = manifestCsv({ orgs: "bulk", academicSessions: "bulk", courses: "bulk", classes: "bulk", users: "bulk", enrollments: "bulk" });
    const zip = await writeZip("no-demographics.zip", entries);
    const { code, stdout, stderr } = await runCli(["import", "oneroster-csv", zip, "--tenant", "skola"], db.env());
    assert.equal(code, 0, stderr);
    assert.ok(stdout.includes("\n  demographics: 0 created, 0 updated, 1 unchanged, 0 removed, 0 skipped\n"), stdout);
  });

  it("--dry-run into a tenant that does not exist prints what would change and leaves no tenant behind", async () => {
    const { code, stdout, stderr } = await runCli(["import", "oneroster-csv", valid, "--tenant", "fresh", "--dry-run"], db.env());
    assert.equal(code, 0, stderr);
    const lines = stdout.trimEnd().split("\n");
    assert.match(lines[0]!, RUN_LINE(valid, "fresh", "full", "dry run, nothing written"));
    assert.ok(lines.includes("  enrollments: 3 created, 0 updated, 0 unchanged, 0 removed, 0 skipped"));
    assert.ok(lines.includes("  would create orgs org-d"));
    assert.ok(lines.includes("  would create enrollments e-2"));
    const exported = await runCli(["export", "oneroster-csv", "--tenant", "fresh", "--out", join(zipDir, "fresh.zip")], db.env());
    assert.equal(exported.stderr, 'error: --tenant: unknown tenant "fresh"\n');
  });

  it("refuses a file that does not exist", async () => {
    const missing = join(zipDir, "nope.zip");
    const { code, stderr } = await runCli(["import", "oneroster-csv", missing, "--tenant", "skola"], db.env());
    assert.equal(code, 1);
    assert.equal(stderr, `error: ${missing}: no such file\n`);
  });
});
