import assert from "node:assert/strict";
import { it } from "node:test";
import { describeEachEngine } from "../../helpers/databases.ts";
import { rowOf } from "../../sync/helpers.ts";
import { rowsMentioning } from "../ss12000/helpers.ts";
import { fixture, importFiles, rosterLines } from "./helpers.ts";

const COMPLETE = [fixture("edlevo-complete.xml"), fixture("edlevo-personnel.xml", "personnel")];

/** The complete export as rows: the protected student and the teacher the Personnel API marks are nowhere. */
const AFTER_COMPLETE = {
  orgs: ["Ekskolan | school | 87654321 | active"],
  academicSessions: [
    "HT 2026 | term | 2026-07-01 | 2026-12-31 | active",
    "Läsåret 2026/27 | schoolYear | 2026-07-01 | 2027-06-30 | active",
    "VT 2027 | term | 2027-01-01 | 2027-06-30 | active",
  ],
  courses: ["Klass – Ekskolan | null | [] | Ekskolan | active", "MA | MA | [MA] | Ekskolan | active"],
  classes: [
    "7A | 7A | homeroom | Ekskolan | Klass – Ekskolan | [] | HT 2026,VT 2027 | active",
    "Matematik 7A | 7A-MA | scheduled | Ekskolan | MA | [MA] | HT 2026 | active",
  ],
  users: [
    "Alva Berg | student | alva.berg@elev.demokommun.se | alva.berg@elev.demokommun.se | E-S-0001 | null | null | Ekskolan | Per | UNIQUEID=E-S-0001 | active",
    "Karin Lund | teacher | karin.lund@demokommun.se | karin.lund@demokommun.se | E-T-0001 | null | null | Ekskolan | null | UNIQUEID=E-T-0001 | active",
    "Maria Sund | administrator | maria.sund@demokommun.se | maria.sund@demokommun.se | E-T-0003 | null | null | Ekskolan | null | UNIQUEID=E-T-0003 | active",
    "Per Berg | guardian | per.berg@example.se | per.berg@example.se | null | null | 070-1234567 | Ekskolan | null | null | active",
    "Tindra Öberg Ali | student | tindra.oberg@elev.demokommun.se | tindra.oberg@elev.demokommun.se | null | Maja | null | Ekskolan | null | null | active",
  ],
  enrollments: [
    "7A | Alva | student | null | 2026-08-17 | 2027-06-10 | active",
    "7A | Karin | teacher | null | null | null | active",
    "7A | Tindra | student | null | null | null | active",
    "7A-MA | Alva | student | null | null | null | active",
    "7A-MA | Karin | teacher | true | null | null | active",
    "7A-MA | Tindra | student | null | null | null | active",
  ],
};

describeEachEngine("Edlevo (Tieto Organization API v12 + Personnel API v8) import", (database) => {
  it("imports a complete export: units, classes, education groups with activities, staff, students and guardians", async () => {
    const { db } = database();
    const result = await importFiles(db, "edlevo", COMPLETE);
    assert.equal(result.status, "succeeded");
    assert.equal(result.mode, "full");
    assert.deepEqual(await rosterLines(db), AFTER_COMPLETE);
    assert.deepEqual(result.warnings.map((w) => w.why), [
      "2 person(s) with a protected identity (privacy) left out with their memberships and links",
      "3 membership(s) of persons with a protected identity left out",
    ]);
    // Edlevo's GUIDs are the sourcedIds; the unit's skolenhetskod comes from the placements.
    const alva = await rowOf(db, "users", "t", "5a1f0c52-0001-4000-8000-000000000001");
    assert.equal(alva.given_name, "Alva");
    assert.equal((await rowOf(db, "orgs", "t", "5a1f0c52-1000-4000-8000-000000000001")).identifier, "87654321");
  });

  it("never stores a protected person, nor any personnummer (also not the temporary one)", async () => {
    const { db } = database();
    await importFiles(db, "edlevo", COMPLETE);
    for (const table of ["users", "user_ids", "user_orgs", "user_agents", "enrollments", "classes"] as const) {
      assert.deepEqual(
        await rowsMentioning(db, table, ["Hemlig", "Hanna", "5a1f0c52-0001-4000-8000-000000000003", "Olof", "5a1f0c52-0002-4000-8000-000000000002"]),
        [],
        table,
      );
      assert.deepEqual(await rowsMentioning(db, table, ["201303152381", "20150315", "TF01", "197805124042", "198111303031"]), [], table);
    }
  });

  it("stores personnummer only with personnummer: store, the temporary one as it is (never as a key)", async () => {
    const { db } = database();
    await importFiles(db, "edlevo", COMPLETE, { settings: { personnummer: "store" } });
    assert.equal((await rowOf(db, "users", "t", "5a1f0c52-0001-4000-8000-000000000001")).identifier, "201303152381");
    assert.equal((await rowOf(db, "users", "t", "5a1f0c52-0001-4000-8000-000000000002")).identifier, "20150315-TF01");
  });

  it("imports birth date and sex only with demographics: true", async () => {
    const { db } = database();
    await importFiles(db, "edlevo", COMPLETE);
    assert.deepEqual(await db.selectFrom("demographics").select("sourced_id").execute(), []);
    await importFiles(db, "edlevo", COMPLETE, { settings: { demographics: true } });
    const rows = await db.selectFrom("demographics").select(["sourced_id", "birth_date", "sex"]).execute();
    assert.deepEqual(rows.map((r) => ({ ...r, birth_date: String(r.birth_date) })), [{ sourced_id: "5a1f0c52-0001-4000-8000-000000000001", birth_date: "2013-03-15", sex: "female" }]);
  });

  it("applies a delta: a role ended (recstatus 3), a person and a group updated without their links, a deleted guardian, a person now protected, a new class", async () => {
    const { db } = database();
    await importFiles(db, "edlevo", COMPLETE);
    const result = await importFiles(db, "edlevo", [fixture("edlevo-delta.xml")], { today: "2026-09-02" });
    assert.equal(result.status, "succeeded");
    assert.equal(result.mode, "delta");
    assert.deepEqual(result.warnings.map((w) => w.why), ["1 person(s) with a protected identity (privacy) left out with their memberships and links"]);
    assert.deepEqual(await rosterLines(db), {
      ...AFTER_COMPLETE,
      classes: [
        "7A | 7A | homeroom | Ekskolan | Klass – Ekskolan | [] | HT 2026,VT 2027 | active",
        "7B | 7B | homeroom | Ekskolan | Klass – Ekskolan | [] | HT 2026,VT 2027 | active",
        // Renamed without its unit or activities in the delta: school, course and subjects stay.
        "Matematik 7A grupp 1 | 7A-MA | scheduled | Ekskolan | MA | [MA] | HT 2026 | active",
      ],
      users: [
        // Updated without memberships: her school stays; her deleted guardian is no longer linked.
        "Alva Berg Lind | student | alva.berglind@elev.demokommun.se | alva.berglind@elev.demokommun.se | E-S-0001 | null | null | Ekskolan | null | UNIQUEID=E-S-0001 | active",
        "Karin Lund | teacher | karin.lund@demokommun.se | karin.lund@demokommun.se | E-T-0001 | null | null | Ekskolan | null | UNIQUEID=E-T-0001 | active",
        // Protected now (privacy level 1): removed, and never updated with what the delta says of her.
        "Maria Sund | administrator | maria.sund@demokommun.se | maria.sund@demokommun.se | E-T-0003 | null | null | Ekskolan | null | UNIQUEID=E-T-0003 | tobedeleted",
        "Per Berg | guardian | per.berg@example.se | per.berg@example.se | null | null | 070-1234567 | Ekskolan | null | null | tobedeleted",
        "Tindra Öberg Ali | student | tindra.oberg@elev.demokommun.se | tindra.oberg@elev.demokommun.se | null | Maja | null | Ekskolan | null | null | active",
      ],
      enrollments: [
        "7A | Alva | student | null | 2026-08-17 | 2027-06-10 | active",
        "7A | Karin | teacher | null | null | null | active",
        "7A | Tindra | student | null | null | null | tobedeleted",
        "7A-MA | Alva | student | null | null | null | active",
        "7A-MA | Karin | teacher | true | null | null | active",
        "7A-MA | Tindra | student | null | null | null | tobedeleted",
        "7B | Karin | teacher | null | null | null | active",
        "7B | Tindra | student | null | null | null | active",
      ],
    });
  });

  it("a second run of the same complete export changes nothing", async () => {
    const { db } = database();
    await importFiles(db, "edlevo", COMPLETE);
    const again = await importFiles(db, "edlevo", COMPLETE);
    for (const [entity, counts] of Object.entries(again.counts)) {
      assert.equal(counts.created + counts.updated + counts.removed + counts.skipped, 0, entity);
    }
  });
});
