import assert from "node:assert/strict";
import { readFile, mkdtemp, writeFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, it } from "node:test";
import { fileURLToPath } from "node:url";
import iconv from "iconv-lite";
import { RegisterFileError } from "../../../importers/mapped-file/file-error.ts";
import { unikumSettingsSchema, type UnikumSettingsInput } from "../../../importers/unikum/settings.ts";
import { importUnikum } from "../../../src/imports/unikum-import.ts";
import { derivedSourcedId } from "../../../src/model/derived-id.ts";
import { describeEachEngine } from "../../helpers/databases.ts";
import { dumpTenant } from "../../sync/helpers.ts";
import { rosterRows } from "../mapped-file/roster-rows.ts";

const fixture = (name: string) => fileURLToPath(new URL(`../../fixtures/unikum/${name}`, import.meta.url));
const settings = (input: Partial<UnikumSettingsInput> & Pick<UnikumSettingsInput, "files">) => unikumSettingsSchema.parse(input);
const night = (n: 1 | 2) => settings({ files: n === 1 ? [fixture("objects.txt"), fixture("relations.txt")] : [fixture("objects-2.txt"), fixture("relations-2.txt")] });
const TODAY = "2026-09-01";

const FIRST_NIGHT = [
  "class 4A homeroom @Norrskolan course=Klass – Norrskolan terms=HT 2026,VT 2027 grades=04 active",
  "class Matematik åk 4 grupp 1 scheduled @Norrskolan course=Matematik åk 4 grupp 1 terms=HT 2026,VT 2027 grades=04 active",
  "enrollment 4A | Björn Ek student active",
  "enrollment 4A | Per Mentorsson teacher active",
  "enrollment 4A | Tove Sjöström student active",
  "enrollment 4A | Åsa Öberg student active",
  "enrollment Matematik åk 4 grupp 1 | Björn Ek student active",
  "enrollment Matematik åk 4 grupp 1 | Karin Lärare teacher active",
  "enrollment Matematik åk 4 grupp 1 | Tove Sjöström student active",
  "enrollment Matematik åk 4 grupp 1 | Åsa Öberg student active",
  "org Norrskolan school 12345678 active",
  "session HT 2026 term 2026-07-01 2026-12-31 active",
  "session Läsåret 2026/27 schoolYear 2026-07-01 2027-06-30 active",
  "session VT 2027 term 2027-01-01 2027-06-30 active",
  "user Björn Ek student username=bjorn.ek@elev.exempelby.se email=bjorn.ek@elev.exempelby.se identifier=- grades=04 orgs=Norrskolan agents=- userIds=- active",
  "user Karin Lärare teacher username=karin.larare@exempelby.se email=karin.larare@exempelby.se identifier=- grades= orgs=Norrskolan agents=- userIds=- active",
  "user Maria Öberg guardian username=maria.oberg@example.com email=maria.oberg@example.com identifier=- grades= orgs=Norrskolan agents=- userIds=- active",
  "user Per Mentorsson teacher username=per.mentorsson@exempelby.se email=per.mentorsson@exempelby.se identifier=- grades= orgs=Norrskolan agents=- userIds=- active",
  "user Tove Sjöström student username=tove.sjostrom@elev.exempelby.se email=tove.sjostrom@elev.exempelby.se identifier=- grades=04 orgs=Norrskolan agents=- userIds=- active",
  "user Åsa Öberg student username=asa.oberg@elev.exempelby.se email=asa.oberg@elev.exempelby.se identifier=- grades=04 orgs=Norrskolan agents=Maria Öberg userIds=- active",
];

describeEachEngine("Unikum import", (database) => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "unikum-"));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it("imports schools, a homeroom class with its mentor, a teaching group with its teacher, students, staff and a guardian", async () => {
    const { db } = database();
    const result = await importUnikum(db, night(1), { tenantId: "t", sourceId: "unikum", today: TODAY });
    assert.equal(result.status, "succeeded");
    assert.deepEqual(await rosterRows(db, "t"), FIRST_NIGHT);
    assert.deepEqual(result.warnings.map((w) => w.why), ["1 person(s) with only a temporary number and no id or e-mail to key them by: left out"]);
    // Keys: a real personnummer keys the person (as a UUIDv5, never stored), a temporary number never does.
    const asa = await db.selectFrom("users").select("sourced_id").where("tenant_id", "=", "t").where("given_name", "=", "Åsa").executeTakeFirstOrThrow();
    assert.equal(asa.sourced_id, derivedSourcedId("t", "unikum", "user", "pnr:201503120006"));
    const tove = await db.selectFrom("users").select("sourced_id").where("tenant_id", "=", "t").where("given_name", "=", "Tove").executeTakeFirstOrThrow();
    assert.equal(tove.sourced_id, derivedSourcedId("t", "unikum", "user", "email:tove.sjostrom@elev.exempelby.se"));
    const dump = JSON.stringify(await dumpTenant(db, "t"));
    for (const number of ["20150312", "150312-0006", "TF01", "TF02", "Reserv"]) assert.ok(!dump.includes(number), `${number} is stored`);
  });

  it("changes nothing on an unchanged second run", async () => {
    const { db } = database();
    const before = await dumpTenant(db, "t");
    const result = await importUnikum(db, night(1), { tenantId: "t", sourceId: "unikum", today: TODAY });
    for (const [entity, c] of Object.entries(result.counts)) assert.equal(c.created + c.updated + c.removed, 0, entity);
    assert.deepEqual(await dumpTenant(db, "t"), before);
  });

  it("marks a student who left, and a membership a remove row ends, tobedeleted on the next night", async () => {
    const { db } = database();
    const result = await importUnikum(db, night(2), { tenantId: "t", sourceId: "unikum", today: TODAY });
    assert.equal(result.status, "succeeded");
    assert.equal(result.counts.users.removed, 1);
    assert.equal(result.counts.enrollments.removed, 3);
    const expected = FIRST_NIGHT.map((line) =>
      line.startsWith("user Björn") || line.includes("| Björn Ek") || line === "enrollment Matematik åk 4 grupp 1 | Tove Sjöström student active"
        ? line.replace(/active$/, "tobedeleted")
        : line,
    );
    assert.deepEqual(await rosterRows(db, "t"), expected.sort());
  });

  it("stores personnummer (and a temporary number as reservnummer) only with personnummer: store", async () => {
    const { db } = database();
    await importUnikum(db, settings({ files: night(1).files, personnummer: "store" }), { tenantId: "stored", sourceId: "unikum", today: TODAY });
    const rows = (await rosterRows(db, "stored")).filter((l) => l.startsWith("user Åsa") || l.startsWith("user Tove"));
    assert.deepEqual(rows, [
      "user Tove Sjöström student username=tove.sjostrom@elev.exempelby.se email=tove.sjostrom@elev.exempelby.se identifier=20160101-TF01 grades=04 orgs=Norrskolan agents=- userIds=reservnummer:20160101-TF01 active",
      "user Åsa Öberg student username=asa.oberg@elev.exempelby.se email=asa.oberg@elev.exempelby.se identifier=201503120006 grades=04 orgs=Norrskolan agents=Maria Öberg userIds=personnummer:201503120006 active",
    ]);
  });

  it("reads UTF-8, UTF-16 with a byte order mark and semicolons the same as ISO-8859-1 with tabs", async () => {
    const { db } = database();
    const objects = iconv.decode(await readFile(fixture("objects.txt")), "latin1");
    const relations = iconv.decode(await readFile(fixture("relations.txt")), "latin1");
    await writeFile(join(dir, "objects-utf16.txt"), iconv.encode(objects, "utf-16le", { addBOM: true }));
    await writeFile(join(dir, "relations-utf8.txt"), relations.replaceAll("\t", ";"), "utf8");
    await importUnikum(db, settings({ files: [join(dir, "objects-utf16.txt"), join(dir, "relations-utf8.txt")] }), { tenantId: "enc", sourceId: "unikum", today: TODAY });
    assert.deepEqual(await rosterRows(db, "enc"), FIRST_NIGHT);
  });

  /** The import fails with exactly these problems; tenant t is as it was, and no tenant "new" was made. */
  const rejects = async (files: Record<string, string | Buffer>, expected: string[], input: Partial<UnikumSettingsInput> = {}, tenantId = "t") => {
    const { db } = database();
    const before = await dumpTenant(db, "t");
    const paths = [];
    for (const [name, content] of Object.entries(files)) {
      await writeFile(join(dir, name), content);
      paths.push(join(dir, name));
    }
    await assert.rejects(importUnikum(db, settings({ ...input, files: paths }), { tenantId, sourceId: "unikum", today: TODAY }), (error: unknown) => {
      assert.ok(error instanceof RegisterFileError);
      assert.deepEqual(error.message.split("\n"), expected);
      return true;
    });
    assert.deepEqual(await dumpTenant(db, "t"), before, "a bad file changes nothing");
    assert.equal(await db.selectFrom("tenants").select("id").where("id", "=", "new").executeTakeFirst(), undefined);
  };

  it("refuses a file in the wrong encoding, naming its first bad line, and changes nothing", async () => {
    await rejects({ "latin1.txt": await readFile(fixture("objects.txt")) }, ["latin1.txt:1: (file): not UTF-8 (ISO-8859-1?); save the file as UTF-8 or set the encoding to iso-8859-1"], { encoding: "utf-8" }, "new");
  });

  it("refuses rows with missing columns, bad values and dangling relations, each with file:line: column: why", async () => {
    await rejects(
      {
        "objects.txt": [
          "SKOLA-1\t123\tNorrskolan\tse.grundskoleutbildning.grundskola\t\t\t\t\t\t\t\t\t\t\tschool",
          "Anna\tAndersson\tanna@example.se\t20150312-0006\t\t\t\t\t\t\t\t\t\t\t4\t\tuser",
          "\tBerg\tnot-an-address\t20150312-0007\t\t\t\t\t\t\t\t\t\t\t\t\t\t\tuser",
          "K-1\t1A\t\t\t\t\tkurs",
        ].join("\n"),
        "relations.txt": ["20150312-0006\tK-9\tadd\tstudent_in_class", "20150312-0006\tSKOLA-1\tmaybe\tstudent_in_school", "19800415-0002\tSKOLA-1\tadd\tstaff_in_school"].join("\n"),
      },
      [
        "objects.txt:2: (row): a user row has 19 columns, this one 17",
        "objects.txt:3: 1 Förnamn: required, but empty",
        'objects.txt:3: 3 E-post: "not-an-address" is not an e-mail address',
        "objects.txt:4: 7 Radtyp: \"kurs\" is no row type (user, class, school or a relation such as student_in_class)",
        "relations.txt:1: 1 from: no user row with personnummer 20150312-****",
        'relations.txt:1: 2 to: no class row with external id "K-9"',
        'relations.txt:2: 3 operation: "maybe" is neither add nor remove',
        "relations.txt:3: 1 from: no user row with personnummer 19800415-****",
      ],
    );
  });

  it("refuses a user row whose personnummer fails its check digit", async () => {
    await rejects({ "objects.txt": "Anna\tAndersson\t\t20150312-0007\t\t\t\t\t\t\t\t\t\t\t\t4\t\t\tuser\n" }, ["objects.txt:1: 4 Personnummer: 20150312-**** is not a valid personnummer (date or check digit)"]);
  });
});
