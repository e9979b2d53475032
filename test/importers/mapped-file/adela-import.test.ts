import assert from "node:assert/strict";
import { it } from "node:test";
import { fileURLToPath } from "node:url";
import { adelaSettingsSchema } from "../../../importers/adela/settings.ts";
import { importMappedFile } from "../../../src/imports/mapped-file-import.ts";
import { describeEachEngine } from "../../helpers/databases.ts";
import { dumpTenant } from "../../sync/helpers.ts";
import { rosterRows } from "./roster-rows.ts";

const fixture = (name: string) => fileURLToPath(new URL(`../../fixtures/mapped-file/${name}`, import.meta.url));
const options = { tenantId: "t", sourceId: "adela", today: "2026-09-01" };

const FIRST_NIGHT = [
  "class 4B homeroom @Västerskolan course=Klass – Västerskolan terms=HT 2026,VT 2027 grades=04 active",
  "class Ma4 scheduled @Västerskolan course=Ma4 terms=HT 2026,VT 2027 grades=04 active",
  "class Sv4 scheduled @Västerskolan course=Sv4 terms=HT 2026,VT 2027 grades=04 active",
  "enrollment 4B | Per Mentorsson teacher active",
  "enrollment 4B | Tove Sjöström student active",
  "enrollment 4B | Åsa Öberg student active",
  "enrollment Ma4 | Karin Lärare teacher active",
  "enrollment Ma4 | Tove Sjöström student active",
  "enrollment Ma4 | Åsa Öberg student active",
  "enrollment Sv4 | Karin Lärare teacher active",
  "enrollment Sv4 | Tove Sjöström student active",
  "enrollment Sv4 | Åsa Öberg student active",
  "org Västerskolan school 87654321 active",
  "session HT 2026 term 2026-07-01 2026-12-31 active",
  "session Läsåret 2026/27 schoolYear 2026-07-01 2027-06-30 active",
  "session VT 2027 term 2027-01-01 2027-06-30 active",
  "user Karin Lärare teacher username=karin.larare@vaster.se email=karin.larare@vaster.se identifier=- grades= orgs=Västerskolan agents=- userIds=- active",
  "user Per Mentorsson teacher username=per.mentorsson@vaster.se email=per.mentorsson@vaster.se identifier=- grades= orgs=Västerskolan agents=- userIds=- active",
  "user Rut Rektorsdotter administrator username=rut@vaster.se email=rut@vaster.se identifier=- grades= orgs=Västerskolan agents=- userIds=- active",
  "user Åsa Öberg student username=asa.oberg@elev.vaster.se email=asa.oberg@elev.vaster.se identifier=- grades=04 orgs=Västerskolan agents=- userIds=- active",
];

describeEachEngine("Adela import (mapped file, preset adela)", (database) => {
  it("imports the school, a homeroom class with its mentor, teaching groups with their teacher, and leaves the protected pupil out", async () => {
    const { db } = database();
    const result = await importMappedFile(db, adelaSettingsSchema.parse({ file: fixture("adela.xml") }), options);
    assert.equal(result.status, "succeeded");
    const tove = (await db.selectFrom("users").select("sourced_id").where("given_name", "=", "Tove").executeTakeFirstOrThrow()).sourced_id;
    // Tove has a temporary number and no e-mail: keyed by Adela's id, her username is her sourcedId.
    const expected = [...FIRST_NIGHT, `user Tove Sjöström student username=${tove} email=- identifier=- grades=04 orgs=Västerskolan agents=- userIds=- active`].sort();
    assert.deepEqual(await rosterRows(db, "t"), expected);
    assert.deepEqual(result.warnings.map((w) => w.why), [
      "1 person(s) with protected identity (skyddad identitet) left out with their memberships and links",
      "1 user(s) without e-mail: their username is their sourcedId",
    ]);
    const dump = JSON.stringify(await dumpTenant(db, "t"));
    for (const text of ["Hemlig", "20150708", "E2", "TF01"]) assert.ok(!dump.includes(text), `${text} is stored`);
    const source = await db.selectFrom("sources").select("kind").where("tenant_id", "=", "t").executeTakeFirstOrThrow();
    assert.equal(source.kind, "adela");
  });

  it("marks a pupil who left and a group a teacher stopped teaching tobedeleted on the next file", async () => {
    const { db } = database();
    const tove = (await db.selectFrom("users").select("sourced_id").where("given_name", "=", "Tove").executeTakeFirstOrThrow()).sourced_id;
    const result = await importMappedFile(db, adelaSettingsSchema.parse({ file: fixture("adela-2.xml") }), options);
    assert.equal(result.counts.users.removed, 1);
    assert.equal(result.counts.enrollments.removed, 4);
    const gone = (line: string) => line.includes("| Tove") || line === "enrollment Sv4 | Karin Lärare teacher active";
    const expected = [
      ...FIRST_NIGHT.map((line) => (gone(line) ? line.replace(/active$/, "tobedeleted") : line)),
      `user Tove Sjöström student username=${tove} email=- identifier=- grades=04 orgs=Västerskolan agents=- userIds=- tobedeleted`,
    ];
    assert.deepEqual(await rosterRows(db, "t"), expected.sort());
  });
});
