import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { after, before, it } from "node:test";
import { writeOneRosterCsvZip } from "../../src/csv/export-zip.ts";
import { writeFileAtomically } from "../../src/csv/zip-file.ts";
import { loadSmallMunicipality } from "../fixtures/small-municipality.ts";
import { describeEachEngine } from "../helpers/databases.ts";
import { readZip } from "./zip-contents.ts";

/** An output that takes `bytes` and then fails, like a full disk or a client that went away. */
function failingAfter(bytes: number): Writable {
  let taken = 0;
  return new Writable({
    write(chunk: Buffer, _encoding, callback) {
      taken += chunk.length;
      callback(taken > bytes ? new Error("ENOSPC: no space left on device") : null);
    },
  });
}

describeEachEngine("OneRoster CSV export failures", (database) => {
  const folder = mkdtempSync(join(tmpdir(), "oneroster-csv-"));
  before(async () => {
    await loadSmallMunicipality(database().db);
  });
  after(() => rmSync(folder, { recursive: true, force: true }));

  it("fails with the output's error instead of hanging, and the database is free again after", async () => {
    const { db } = database();
    for (const bytes of [0, 2000]) {
      await assert.rejects(writeOneRosterCsvZip(db, { tenantId: "default" }, failingAfter(bytes)), /ENOSPC/);
    }
    const tenants = await db.selectFrom("tenants").select("id").execute();
    assert.deepEqual(tenants, [{ id: "default" }]);
  });

  it("renames the zip into place only when complete; a failed export leaves the previous file and no temporary one", async () => {
    const { db } = database();
    const path = join(folder, "export.zip");
    await writeFileAtomically(path, (output) => writeOneRosterCsvZip(db, { tenantId: "default" }, output));
    const good = readFileSync(path);
    assert.equal((await readZip(good)).size, 14);

    await assert.rejects(
      writeFileAtomically(path, async (output) => {
        output.write("PK partial");
        throw new Error("the database went away");
      }),
      /the database went away/,
    );
    assert.deepEqual(readFileSync(path), good);
    assert.deepEqual(readdirSync(folder), ["export.zip"]);

    const fresh = join(folder, "fresh.zip");
    await assert.rejects(writeFileAtomically(fresh, (output) => writeOneRosterCsvZip(db, { tenantId: "nope" }, output)), /unknown tenant/);
    assert.deepEqual(readdirSync(folder), ["export.zip"]);
  });

  it("fails plainly when the folder does not exist", async () => {
    await assert.rejects(writeFileAtomically(join(folder, "missing", "out.zip"), async () => undefined), /ENOENT/);
  });
});
