import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, it } from "node:test";
import iconv from "iconv-lite";
import { derivedSourcedId } from "../../../src/model/derived-id.ts";
import { localFileStream } from "../../../importers/ims-enterprise/file-stream.ts";
import type { ImsInput } from "../../../importers/ims-enterprise/importer.ts";
import { plainImsXml } from "../../fixtures/ims-enterprise/plain.ts";
import { describeEachEngine } from "../../helpers/databases.ts";
import { rowOf } from "../../sync/helpers.ts";
import { rowsMentioning } from "../ss12000/helpers.ts";
import { importFiles, rosterLines } from "./helpers.ts";

const dir = mkdtempSync(join(tmpdir(), "ims-plain-"));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Alvis writes ISO-8859-1; the IST export is written here as UTF-16 with a byte order mark. */
function writeExport(register: "Alvis" | "Extens", variant: "first" | "next"): ImsInput {
  const path = join(dir, `${register}-${variant}.xml`);
  if (register === "Alvis") writeFileSync(path, iconv.encode(plainImsXml({ encoding: "ISO-8859-1", register, variant }), "latin1"));
  else writeFileSync(path, iconv.encode(plainImsXml({ encoding: "UTF-16", register, variant }), "utf-16le", { addBOM: true }));
  return { name: path, kind: "organization", open: () => localFileStream(path) };
}

const SCHOOL = "Vuxenutbildningen Centrum";
const FIRST = {
  orgs: [`${SCHOOL} | school | null | active`],
  academicSessions: [
    "HT 2026 | term | 2026-07-01 | 2026-12-31 | active",
    "Läsåret 2026/27 | schoolYear | 2026-07-01 | 2027-06-30 | active",
    "VT 2027 | term | 2027-01-01 | 2027-06-30 | active",
  ],
  courses: [
    `Klass – ${SCHOOL} | null | [] | ${SCHOOL} | active`,
    `Matematik 1a | null | [] | ${SCHOOL} | active`,
    `Svenska som andraspråk 2 | null | [] | ${SCHOOL} | active`,
  ],
  classes: [
    `Matematik 1a | MATMAT01a-1 | scheduled | ${SCHOOL} | Matematik 1a | [] | HT 2026,VT 2027 | active`,
    `SFI kurs A höst | SFI-A | homeroom | ${SCHOOL} | Klass – ${SCHOOL} | [] | HT 2026,VT 2027 | active`,
    `Svenska som andraspråk 2 | SVA-2 | scheduled | ${SCHOOL} | Svenska som andraspråk 2 | [] | HT 2026 | active`,
  ],
  users: [
    `Björn Lärare | teacher | bjorn.larare | bjorn.larare@demokommun.se | null | null | 070-7654321 | ${SCHOOL} | null | null | active`,
    `Göran Älv | student | göran.älv | null | null | null | null | ${SCHOOL} | null | null | active`,
    `Lena Åkerlund | student | lena.akerlund | lena.akerlund@vux.demokommun.se | null | null | null | ${SCHOOL} | null | null | active`,
    `Åsa Ström | student | asa.strom | asa.strom@vux.demokommun.se | null | null | null | ${SCHOOL} | null | null | active`,
  ],
  enrollments: [
    "MATMAT01a-1 | Björn | teacher | null | 2026-08-17 | 2027-01-15 | active",
    "MATMAT01a-1 | Göran | student | null | 2026-08-17 | 2027-01-15 | active",
    "MATMAT01a-1 | Åsa | student | null | 2026-08-17 | 2027-01-15 | active",
    "SFI-A | Björn | teacher | null | 2026-08-17 | 2027-01-15 | active",
    "SFI-A | Göran | student | null | 2026-08-17 | 2027-01-15 | active",
    "SFI-A | Lena | student | null | 2026-08-17 | 2027-01-15 | active",
    "SFI-A | Åsa | student | null | 2026-08-17 | 2027-01-15 | active",
    "SVA-2 | Björn | teacher | null | 2026-08-17 | 2027-01-15 | active",
    "SVA-2 | Göran | student | null | 2026-08-17 | 2027-01-15 | active",
  ],
};

/** The next night: Lena gone, Björn's role in Matematik 1a ended (recstatus 3), SVA-2 deleted (recstatus 3). */
const NEXT = {
  ...FIRST,
  courses: [FIRST.courses[0], FIRST.courses[1], `Svenska som andraspråk 2 | null | [] | ${SCHOOL} | tobedeleted`],
  classes: [FIRST.classes[0], FIRST.classes[1], `Svenska som andraspråk 2 | SVA-2 | scheduled | ${SCHOOL} | Svenska som andraspråk 2 | [] | HT 2026 | tobedeleted`],
  users: FIRST.users.map((u) => (u.startsWith("Lena") ? u.replace(/active$/, "tobedeleted") : u)),
  enrollments: FIRST.enrollments.map((e) => (/^(MATMAT01a-1 \| Björn|SFI-A \| Lena|SVA-2)/.test(e) ? e.replace(/active$/, "tobedeleted") : e)),
};

for (const [kind, register] of [["alvis", "Alvis"], ["ist-ims", "Extens"]] as const) {
  describeEachEngine(`${register} plain IMS Enterprise import (${kind})`, (database) => {
    it("imports the export: a school, a class, teaching groups with their teacher, students", async () => {
      const { db } = database();
      const result = await importFiles(db, kind, [writeExport(register, "first")]);
      assert.equal(result.status, "succeeded");
      assert.deepEqual(result.warnings, []);
      assert.deepEqual(await rosterLines(db), FIRST);
      // A person keyed by personnummer gets a UUIDv5 of the normalised number, never the number itself.
      const asa = await rowOf(db, "users", "t", derivedSourcedId("t", kind, "user", "198507041120"));
      assert.equal(asa.given_name, "Åsa");
      assert.deepEqual(await rowsMentioning(db, "users", ["850704", "20010101", "TF12", "199001010199", "197805124042"]), []);
      assert.deepEqual(await rowsMentioning(db, "user_ids", ["850704", "20010101", "TF12", "199001010199", "197805124042"]), []);
    });

    it("the next night's export removes what it no longer names and what it marks recstatus 3", async () => {
      const { db } = database();
      await importFiles(db, kind, [writeExport(register, "first")]);
      const result = await importFiles(db, kind, [writeExport(register, "next")]);
      assert.equal(result.status, "succeeded");
      assert.deepEqual(
        { users: result.counts.users.removed, classes: result.counts.classes.removed, enrollments: result.counts.enrollments.removed },
        { users: 1, classes: 1, enrollments: 4 },
      );
      assert.deepEqual(await rosterLines(db), NEXT);
    });
  });
}
