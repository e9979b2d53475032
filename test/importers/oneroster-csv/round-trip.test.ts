import assert from "node:assert/strict";
import { it } from "node:test";
import { seedDemo } from "../../../src/demo/seed.ts";
import { loadSmallMunicipality } from "../../fixtures/small-municipality.ts";
import { describeEachEngine } from "../../helpers/databases.ts";
import { exportBulk, importZip } from "./helpers.ts";

const ROSTER_FILES = ["orgs.csv", "academicSessions.csv", "courses.csv", "classes.csv", "users.csv", "demographics.csv", "enrollments.csv"];
const GRADEBOOK_FILES = ["categories.csv", "lineItems.csv", "results.csv", "resources.csv", "classResources.csv", "courseResources.csv"];

/** The manifest names the tenant as source.systemCode; the copy is another tenant, so that one line differs. */
const withoutSystemCode = (manifest: string) => manifest.replace(/source\.systemCode,[^\r\n]*/, "source.systemCode,…");

describeEachEngine("OneRoster CSV round trip: export → import into an empty tenant → export", (database) => {
  it("gives the small municipality's roster files back byte for byte; its gradebook is reported, not imported", async () => {
    const { db } = database();
    await loadSmallMunicipality(db, "default");
    const first = await exportBulk(db, "default");
    const { read, result } = await importZip(db, "copy", first.zip);
    assert.deepEqual(read.problems, []);
    assert.equal(read.mode, "full");
    assert.equal(result?.status, "succeeded");
    assert.equal(result?.warningCount, 0, JSON.stringify(result?.warnings));
    assert.deepEqual(read.notices, [
      "categories.csv: 1 row not imported: the sync engine imports roster data only",
      "lineItems.csv: 2 rows not imported: the sync engine imports roster data only",
      "results.csv: 2 rows not imported: the sync engine imports roster data only",
      "resources.csv: 1 row not imported: the sync engine imports roster data only",
      "classResources.csv: 1 row not imported: the sync engine imports roster data only",
      "courseResources.csv: 1 row not imported: the sync engine imports roster data only",
    ]);
    const second = await exportBulk(db, "copy");
    for (const file of ROSTER_FILES) assert.equal(second.files.get(file), first.files.get(file), file);
    assert.equal(withoutSystemCode(second.files.get("manifest.csv")!), withoutSystemCode(first.files.get("manifest.csv")!));
    for (const file of GRADEBOOK_FILES) {
      assert.notEqual(first.files.get(file)!.split("\r\n").length, 2, `${file} has rows in the first export`);
      assert.equal(second.files.get(file)!.split("\r\n").length, 2, `${file} is a header alone after the import`);
    }
  });

  it("gives a generated municipality's roster files back byte for byte, and a second import changes nothing", async () => {
    const { db } = database();
    await seedDemo(db, { tenantId: "demo", students: 60, seed: 7 });
    const first = await exportBulk(db, "demo");
    const { read, result } = await importZip(db, "demo-copy", first.zip);
    assert.deepEqual(read.problems, []);
    assert.equal(result?.warningCount, 0, JSON.stringify(result?.warnings));
    const second = await exportBulk(db, "demo-copy");
    for (const file of ROSTER_FILES) assert.equal(second.files.get(file), first.files.get(file), file);
    assert.ok(first.files.get("enrollments.csv")!.split("\r\n").length > 100);

    const again = await importZip(db, "demo-copy", second.zip);
    for (const [entity, counts] of Object.entries(again.result!.counts)) {
      assert.equal(counts.created + counts.updated + counts.removed + counts.skipped, 0, entity);
      assert.equal(counts.unchanged, again.read.rows[entity as keyof typeof again.read.rows], entity);
    }
  });
});
