import assert from "node:assert/strict";
import { it } from "node:test";
import { fileURLToPath } from "node:url";
import { skolplatsenSettingsSchema } from "../../../importers/skolplatsen/settings.ts";
import { importMappedFile } from "../../../src/imports/mapped-file-import.ts";
import { describeEachEngine } from "../../helpers/databases.ts";
import { dumpTenant } from "../../sync/helpers.ts";
import { rosterRows } from "./roster-rows.ts";

const fixture = (name: string) => fileURLToPath(new URL(`../../fixtures/mapped-file/${name}`, import.meta.url));
const options = { tenantId: "t", sourceId: "skolplatsen", today: "2027-02-15" };

const FIRST_NIGHT = [
  "class 4C homeroom @Östra skolan course=Klass – Östra skolan terms=HT 2026,VT 2027 grades=04 active",
  "class Ma4C scheduled @Östra skolan course=Ma4C terms=HT 2026,VT 2027 grades=04 active",
  "class Sv4C scheduled @Östra skolan course=Sv4C terms=HT 2026,VT 2027 grades=04 active",
  "enrollment 4C | Per Mentorsson teacher active",
  "enrollment 4C | Tove Sjöström student active",
  "enrollment 4C | Åsa Öberg student active",
  "enrollment Ma4C | Karin Lärare teacher active",
  "enrollment Ma4C | Tove Sjöström student active",
  "enrollment Ma4C | Åsa Öberg student active",
  "enrollment Sv4C | Karin Lärare teacher active",
  "enrollment Sv4C | Tove Sjöström student active",
  "enrollment Sv4C | Åsa Öberg student active",
  "org Östra skolan school 11112222 active",
  "session HT 2026 term 2026-07-01 2026-12-31 active",
  "session Läsåret 2026/27 schoolYear 2026-07-01 2027-06-30 active",
  "session VT 2027 term 2027-01-01 2027-06-30 active",
  "user Karin Lärare teacher username=karin.larare@ostra.se email=karin.larare@ostra.se identifier=- grades= orgs=Östra skolan agents=- userIds=- active",
  "user Per Mentorsson teacher username=per.mentorsson@ostra.se email=per.mentorsson@ostra.se identifier=- grades= orgs=Östra skolan agents=- userIds=- active",
  "user Tove Sjöström student username=tove.sjostrom@elev.ostra.se email=tove.sjostrom@elev.ostra.se identifier=- grades=04 orgs=Östra skolan agents=- userIds=- active",
  "user Åsa Öberg student username=asa.oberg@elev.ostra.se email=asa.oberg@elev.ostra.se identifier=- grades=04 orgs=Östra skolan agents=- userIds=- active",
];

describeEachEngine("Skolplatsen import (mapped file, preset skolplatsen)", (database) => {
  it("imports students, staff, a homeroom class with its mentor and teaching groups; protected and keyless persons left out", async () => {
    const { db } = database();
    const result = await importMappedFile(db, skolplatsenSettingsSchema.parse({ file: fixture("skolplatsen.csv") }), options);
    assert.equal(result.status, "succeeded");
    assert.deepEqual(await rosterRows(db, "t"), FIRST_NIGHT);
    assert.deepEqual(result.warnings.map((w) => w.why), [
      "1 person(s) with protected identity (skyddad identitet) left out with their memberships and links",
      "1 person(s) with only a temporary number and no id or e-mail to key them by: left out",
    ]);
    const dump = JSON.stringify(await dumpTenant(db, "t"));
    for (const text of ["Hemlig", "Reserv", "20150312", "TF01"]) assert.ok(!dump.includes(text), `${text} is stored`);
    assert.ok(dump.includes("070-123 45 67"), "the mobile number is the user's sms");
  });

  it("marks a pupil who is no longer in the file tobedeleted with her enrollments", async () => {
    const { db } = database();
    const result = await importMappedFile(db, skolplatsenSettingsSchema.parse({ file: fixture("skolplatsen-2.csv") }), options);
    assert.equal(result.counts.users.removed, 1);
    assert.equal(result.counts.enrollments.removed, 3);
    assert.deepEqual(await rosterRows(db, "t"), FIRST_NIGHT.map((l) => (l.includes("Tove") ? l.replace(/active$/, "tobedeleted") : l)));
  });
});
