import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, it } from "node:test";
import { asmCsvRecords } from "../../../exporters/apple-school-manager/dialect.ts";
import { asmExporter, readAsmSnapshot } from "../../../exporters/apple-school-manager/exporter.ts";
import { asmId } from "../../../exporters/apple-school-manager/ids.ts";
import { asmSettingsSchema, type AsmSettingsInput } from "../../../exporters/apple-school-manager/settings.ts";
import { listExportRuns } from "../../../exporters/run-record.ts";
import { runRecordedExport } from "../../../exporters/file-set/run.ts";
import { readZip } from "../../csv/zip-contents.ts";
import { assertExpectedFiles, readFolder } from "../../fixtures/exports/expected-files.ts";
import { loadRosterTenant, TENANT } from "../../fixtures/exports/roster-tenant.ts";
import { describeEachEngine } from "../../helpers/databases.ts";

const VARIANTS: Record<string, AsmSettingsInput> = {
  asm: {},
  "asm-personnummer-password-policy": { includePersonnummer: true, studentPasswordPolicy: 6 },
  "asm-school-b": { schools: ["org-school-b"] },
};

describeEachEngine("Apple School Manager export", (database) => {
  let work: string;
  before(async () => {
    await loadRosterTenant(database().db);
    work = mkdtempSync(join(tmpdir(), "asm-export-"));
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  const exportTo = async (settings: AsmSettingsInput, out: string, tenantId = TENANT) => {
    const parsed = asmSettingsSchema.parse(settings);
    const snapshot = await readAsmSnapshot(database().db, tenantId, parsed);
    return runRecordedExport(database().db, asmExporter, snapshot, { db: database().db, out }, { tenantId, targetId: "asm", dryRun: false });
  };

  for (const [variant, settings] of Object.entries(VARIANTS)) {
    it(`${variant}: every file equals the checked-in one, byte for byte`, async () => {
      const out = join(work, variant);
      await exportTo(settings, out);
      assertExpectedFiles(variant, readFolder(out));
    });
  }

  it("writes one flat zip of the six files, LF line endings, no BOM", async () => {
    const zip = join(work, "Archive.zip");
    const { outcome } = await exportTo({}, zip);
    const entries = await readZip(readFileSync(zip));
    assert.deepEqual([...entries.keys()], ["locations.csv", "students.csv", "staff.csv", "courses.csv", "classes.csv", "rosters.csv"]);
    for (const [name, text] of entries) {
      assert.equal(text, readFolder(join(work, "asm")).get(name)!.toString("utf8"), name);
      assert.equal(text.includes("\r"), false, name);
      assert.notEqual(text.charCodeAt(0), 0xfeff, `${name}: no BOM`);
    }
    assert.deepEqual(outcome.counts["staff.csv"], { written: 3, skipped: 1 });
    assert.deepEqual(outcome.warnings, [
      { entity: "users", sourcedId: "admin-eva", why: "left out of staff.csv: not at any exported school (location_id is required)" },
      { entity: "classes", sourcedId: "class-mu", why: "class has no teacher; exported without an instructor" },
      { entity: "users", why: "1 personnummer-like value(s) of students.csv person_number left blank" },
    ]);
    const [run] = await listExportRuns(database().db, TENANT, 1);
    assert.equal(run!.status, "succeeded");
    assert.equal(run!.targetKind, "asm");
  });

  it("adds instructor_id_4 … instructor_id_15 for co-teachers, keeps the first 15 and reports the rest", async () => {
    const db = database().db;
    const tenantId = "asm-many";
    await loadRosterTenant(db, tenantId);
    const extra = Array.from({ length: 16 }, (_, i) => (i === 0 ? "teacher.odd_id" : `teacher-x${String(i).padStart(2, "0")}`));
    await db
      .insertInto("users")
      .values(extra.map((id) => ({ tenant_id: tenantId, source_id: "fixture", sourced_id: id, role: "teacher" as const, username: `${id}@exempelby.se`, given_name: "T", family_name: id })))
      .execute();
    await db.insertInto("user_orgs").values(extra.map((id) => ({ tenant_id: tenantId, user_sourced_id: id, org_sourced_id: "org-school-a" }))).execute();
    await db
      .insertInto("enrollments")
      .values(extra.map((id) => ({ tenant_id: tenantId, source_id: "fixture", sourced_id: `enr-${id}`, class_sourced_id: "class-ma7a", school_sourced_id: "org-school-a", user_sourced_id: id, role: "teacher" as const })))
      .execute();
    const out = join(work, "many");
    const { outcome } = await exportTo({}, out, tenantId);
    const [header, ...rows] = readFolder(out).get("classes.csv")!.toString().trimEnd().split("\n");
    const instructorColumns = ["instructor_id", ...Array.from({ length: 14 }, (_, i) => `instructor_id_${i + 2}`)];
    assert.equal(header, ["class_id", "class_number", "course_id", ...instructorColumns, "location_id", "class_display_name"].join(","));
    const ma7a = rows.find((row) => row.startsWith("class-ma7a,"))!.split(",");
    // The primary teacher first, then the others by sourcedId (bytewise), as ASM ids.
    const others = ["aide-sam", "teacher-olle", ...extra].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    assert.deepEqual(ma7a.slice(3, 18), ["teacher-karin", ...others.slice(0, 14).map(asmId)]);
    assert.equal(ma7a[18], "org-school-a");
    assert.deepEqual(
      outcome.warnings.filter((w) => w.entity === "classes" && w.sourcedId === "class-ma7a"),
      [{ entity: "classes", sourcedId: "class-ma7a", why: "19 teachers; ASM takes 15, the first 15 (primary first) exported" }],
    );
    const staff = readFolder(out).get("staff.csv")!.toString();
    assert.match(staff, new RegExp(`^${asmId("teacher.odd_id")},,T,,teacher\\.odd_id,,teacher\\.odd_id@exempelby\\.se,org-school-a,$`, "m"));
  });

  it("the OneRoster CSV variant is the project's OneRoster CSV zip", async () => {
    const zip = join(work, "oneroster.zip");
    const { outcome } = await exportTo({ format: "oneroster-csv" }, zip);
    const entries = await readZip(readFileSync(zip));
    assert.deepEqual([...entries.keys()].slice(0, 6), ["manifest.csv", "orgs.csv", "academicSessions.csv", "courses.csv", "classes.csv", "users.csv"]);
    assert.match(entries.get("users.csv")!, /^sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,/);
    assert.equal(outcome.counts["classes.csv"]!.written, 3);
  });
});

it("ASM ids: letters, digits and - as they are, anything else a stable UUIDv5", () => {
  assert.equal(asmId("class-ma7a"), "class-ma7a");
  assert.equal(asmId("A1-b2"), "A1-b2");
  const odd = asmId("user:42/ö");
  assert.match(odd, /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.equal(asmId("user:42/ö"), odd);
  assert.notEqual(asmId("user:43/ö"), odd);
});

it("ASM CSV: LF, quotes around a space or comma, a quote escaped with a backslash", () => {
  assert.equal(asmCsvRecords([["id", "MA 7A", "a,b", 'EN 5 "Advanced"', ""]]), 'id,"MA 7A","a,b","EN 5 \\"Advanced\\"",\n');
});
