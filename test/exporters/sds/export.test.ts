import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, it } from "node:test";
import { listExportRuns, recordExportRun } from "../../../exporters/run-record.ts";
import { planSdsExport, sdsExporter } from "../../../exporters/sds/exporter.ts";
import { applyFileSetPlan, runRecordedExport } from "../../../exporters/file-set/run.ts";
import { RowLimitError } from "../../../exporters/file-set/write-plan.ts";
import { sdsSettingsSchema, type SdsSettingsInput } from "../../../exporters/sds/settings.ts";
import { readZip } from "../../csv/zip-contents.ts";
import { assertExpectedFiles, readFolder } from "../../fixtures/exports/expected-files.ts";
import { loadRosterTenant, TENANT } from "../../fixtures/exports/roster-tenant.ts";
import { describeEachEngine } from "../../helpers/databases.ts";

const VARIANTS: Record<string, SdsSettingsInput> = {
  "sds-v2.1": {},
  "sds-v2.1-guardians-demographics-upn-suffix": { includeGuardians: true, includeDemographics: true, upnSuffix: "exempelby.se" },
  "sds-v2.1-school-b": { schools: ["org-school-b"] },
  "sds-v1": { format: "v1" },
  "sds-v1-personnummer-demographics": { format: "v1", includePersonnummer: true, includeDemographics: true },
};

describeEachEngine("SDS export", (database) => {
  let work: string;
  before(async () => {
    await loadRosterTenant(database().db);
    work = mkdtempSync(join(tmpdir(), "sds-export-"));
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  const exportTo = async (settings: SdsSettingsInput, out: string, dryRun = false) =>
    runRecordedExport(
      database().db,
      sdsExporter,
      { tenantId: TENANT, settings: sdsSettingsSchema.parse(settings) },
      { db: database().db, out },
      { tenantId: TENANT, targetId: "sds", dryRun },
    );

  for (const [variant, settings] of Object.entries(VARIANTS)) {
    it(`${variant}: every file equals the checked-in one, byte for byte`, async () => {
      const out = join(work, variant);
      await exportTo(settings, out);
      assertExpectedFiles(variant, readFolder(out));
    });
  }

  it("writes no BOM and ends every record with CRLF", async () => {
    const files = readFolder(join(work, "sds-v2.1"));
    for (const [name, content] of files) {
      assert.notDeepEqual([...content.subarray(0, 3)], [0xef, 0xbb, 0xbf], name);
      assert.ok(content.toString("utf8").endsWith("\r\n"), name);
      assert.equal(content.toString("utf8").split("\r\n").some((line) => line.includes("\n")), false, `${name}: a bare line break`);
    }
  });

  it("a .zip output holds the same files, flat, as the folder", async () => {
    const zip = join(work, "sds.zip");
    await exportTo({ includeGuardians: true }, zip);
    const entries = await readZip(readFileSync(zip));
    const folder = join(work, "sds-guardians");
    await exportTo({ includeGuardians: true }, folder);
    assert.deepEqual(new Map([...entries].sort()), new Map([...readFolder(folder)].map(([name, content]) => [name, content.toString("utf8")] as const).sort()));
    assert.equal([...entries.keys()].some((name) => name.includes("/")), false);
  });

  it("leaves out users without a UPN, with their roles and enrollments, and reports each", async () => {
    const { outcome } = await exportTo({ includeGuardians: true }, join(work, "skipped"));
    const skippedUsers = outcome.warnings.filter((w) => w.why.startsWith("left out of users.csv")).map((w) => [w.sourcedId, w.why]);
    assert.deepEqual(skippedUsers, [
      ["guardian-per", "left out of users.csv: a guardian needs an e-mail address in SDS"],
      ["student-nils", "left out of users.csv: no username; the target needs a full UPN (name@domain)"],
      ["teacher-olle", "left out of users.csv: the username is not a full UPN (name@domain) and no UPN suffix is set"],
    ]);
    assert.deepEqual(outcome.counts["users.csv"], { written: 6, skipped: 3 });
    for (const [name, content] of readFolder(join(work, "skipped"))) {
      for (const id of ["student-nils", "teacher-olle", "guardian-per"]) assert.equal(content.toString().includes(id), false, `${name} names ${id}`);
    }
  });

  it("exports classes without a teacher and reports them", async () => {
    const { outcome } = await exportTo({}, join(work, "no-teacher"));
    assert.deepEqual(
      outcome.warnings.filter((w) => w.entity === "classes"),
      [
        { entity: "classes", sourcedId: "class-en5", why: "class has no teacher with a UPN; exported without one" },
        { entity: "classes", sourcedId: "class-mu", why: "class has no teacher with a UPN; exported without one" },
      ],
    );
    assert.match(readFolder(join(work, "no-teacher")).get("classes.csv")!.toString(), /^class-mu,/m);
  });

  it("records the run: succeeded with counts and warnings, or dry-run", async () => {
    const { runId } = await exportTo({}, join(work, "recorded"));
    const { runId: dryRunId } = await exportTo({}, join(work, "recorded-dry"), true);
    const runs = await listExportRuns(database().db, TENANT, 100);
    const run = runs.find((r) => r.id === runId)!;
    assert.equal(run.status, "succeeded");
    assert.equal(run.targetKind, "sds");
    assert.deepEqual(run.counts["enrollments.csv"], { written: 6 });
    assert.equal(run.warningCount, 4);
    assert.equal(runs.find((r) => r.id === dryRunId)!.status, "dry-run");
  });

  it("v1 refuses a file over the row limit before writing anything, and the run is recorded failed", async () => {
    const out = join(work, "too-big");
    const plan = planSdsExport({ tenantId: TENANT, settings: sdsSettingsSchema.parse({ format: "v1" }) }, 3);
    await assert.rejects(
      recordExportRun(database().db, { tenantId: TENANT, targetId: "sds-v1", dryRun: false }, "sds", () =>
        applyFileSetPlan(plan, { db: database().db, out }, { tenantId: TENANT, targetId: "sds-v1", dryRun: false }),
      ),
      (error: unknown) => {
        assert.ok(error instanceof RowLimitError);
        assert.equal(error.message, "Student.csv would have up to 4 rows, more than the 3 the target accepts in one file: export fewer schools per file set (--schools)");
        return true;
      },
    );
    assert.equal(existsSync(out), false);
    assert.deepEqual(readdirSync(work).filter((name) => name.includes("too-big")), []);
    const [latest] = await listExportRuns(database().db, TENANT, 1);
    assert.equal(latest!.status, "failed");
    assert.match(latest!.error!, /Student\.csv would have up to 4 rows/);
  });

  it("treats a username that looks like a personnummer as no UPN, unless personnummer may leave", async () => {
    const db = database().db;
    const tenantId = "sds-pnr";
    await loadRosterTenant(db, tenantId);
    await db.updateTable("users").set({ username: "201304022389@elev.exempelby.se" }).where("tenant_id", "=", tenantId).where("sourced_id", "=", "student-colin").execute();
    const run = (settings: SdsSettingsInput, out: string) =>
      runRecordedExport(db, sdsExporter, { tenantId, settings: sdsSettingsSchema.parse(settings) }, { db, out }, { tenantId, targetId: "sds", dryRun: false });
    const { outcome } = await run({}, join(work, "pnr"));
    assert.deepEqual(outcome.warnings.find((w) => w.sourcedId === "student-colin"), {
      entity: "users",
      sourcedId: "student-colin",
      why: "left out of users.csv: the username looks like a personnummer, which is not exported",
    });
    for (const [name, content] of readFolder(join(work, "pnr"))) assert.equal(content.toString().includes("student-colin"), false, name);
    await run({ includePersonnummer: true }, join(work, "pnr-allowed"));
    assert.match(readFolder(join(work, "pnr-allowed")).get("users.csv")!.toString(), /^student-colin,201304022389@elev\.exempelby\.se,/m);
    assert.match(readFolder(join(work, "pnr-allowed")).get("enrollments.csv")!.toString(), /^class-ma7a,student-colin,student\r$/m);
  });

  it("replaces an earlier file set in the same folder whole", async () => {
    const out = join(work, "replaced");
    mkdirSync(out);
    writeFileSync(join(out, "stale.csv"), "old");
    await exportTo({ format: "v1" }, out);
    assert.deepEqual([...readFolder(out).keys()], ["School.csv", "Section.csv", "Student.csv", "StudentEnrollment.csv", "Teacher.csv", "TeacherRoster.csv"]);
  });
});

