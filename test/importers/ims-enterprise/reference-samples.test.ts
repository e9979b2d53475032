import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { it } from "node:test";
import { localFileStream } from "../../../importers/ims-enterprise/file-stream.ts";
import { describeEachEngine } from "../../helpers/databases.ts";
import { importFiles, rosterLines } from "./helpers.ts";

/** Published IMS Enterprise 1.1 samples (Moodle's), kept beside the project for reference; skipped when absent. */
const SAMPLE = fileURLToPath(new URL("../../../../shared/reference/formats/ims-enterprise/moodle-example.xml", import.meta.url));

describeEachEngine("a published plain IMS Enterprise 1.1 sample", (database) => {
  it("imports Moodle's example: one course group, four learners (01) and an instructor (02)", { skip: !existsSync(SAMPLE) && "reference sample not present" }, async () => {
    const { db } = database();
    const result = await importFiles(db, "alvis", [{ name: SAMPLE, kind: "organization", open: () => localFileStream(SAMPLE) }], {
      settings: { defaultSchool: { id: "99999999", name: "Provskolan" } },
    });
    assert.equal(result.status, "succeeded");
    const lines = await rosterLines(db);
    assert.deepEqual(lines.orgs, ["Provskolan | school | 99999999 | active"]);
    assert.deepEqual(lines.classes, ["Phrenology | Phrenology | scheduled | Provskolan | Phrenology | [] | HT 2026 | active"]);
    assert.deepEqual(lines.users.filter((u) => !u.startsWith("SIMON")), [
      "ALIZA YEBOAH | student | IMCAY21 | null | null | null | null | Provskolan | null | null | active",
      "CHLOE PIOTROWSKA | student | IMGBY26 | null | null | null | null | Provskolan | null | null | active",
      "DAN STOWELL | teacher | CCAADAS | null | null | null | null | Provskolan | null | null | active",
      "MIRIAM RAJAKUMAR | student | IMGBX76 | null | null | null | null | Provskolan | null | null | active",
    ]);
    // Simon's <userid/> is empty: no login name, so the username is the sourcedId (a UUIDv5 of his id).
    assert.match(lines.users.find((u) => u.startsWith("SIMON"))!, /^SIMON SHIKALISLAMI \| student \| [0-9a-f-]{36} \| null \| null \| null \| null \| Provskolan \| null \| null \| active$/);
    assert.deepEqual(lines.enrollments, [
      "Phrenology | ALIZA | student | null | null | null | active",
      "Phrenology | CHLOE | student | null | null | null | active",
      "Phrenology | DAN | teacher | null | null | null | active",
      "Phrenology | MIRIAM | student | null | null | null | active",
      "Phrenology | SIMON | student | null | null | null | active",
    ]);
  });
});
