import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, it } from "node:test";
import ExcelJS from "exceljs";
import { mappedFileSettingsSchema } from "../../../importers/mapped-file/settings.ts";
import { parseMapping } from "../../../importers/mapped-file/presets.ts";
import { importMappedFile } from "../../../src/imports/mapped-file-import.ts";
import { describeEachEngine } from "../../helpers/databases.ts";
import { rosterRows } from "./roster-rows.ts";

/** A mapping of one's own, as a customer would write it for a workbook with a sheet of pupils and one of staff. */
const MAPPING = `
name: kommunens-excel
format: xlsx
records:
  - sheet: Elever
    role: student
    fields: { personId: Elev-id, personnummer: Pnr, givenName: Förnamn, familyName: Efternamn, email: E-post,
              protected: Sekretess, school: Skola, schoolCode: Skolkod, schoolType: Skolform, grade: Åk, class: Klass, groups: Grupper }
  - sheet: Personal
    fields: { personId: Id, givenName: Förnamn, familyName: Efternamn, email: E-post, role: Roll, school: Skola, groups: Undervisar }
values:
  roles: { teacher: [Lärare], aide: [Elevassistent] }
  protected: ["x"]
`;

describeEachEngine("mapped-file import of an XLSX workbook with a mapping of one's own", (database) => {
  let dir: string;
  let file: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "mapped-xlsx-"));
    file = join(dir, "roster.xlsx");
    const workbook = new ExcelJS.Workbook();
    const pupils = workbook.addWorksheet("Elever");
    pupils.addRow(["Elev-id", "Pnr", "Förnamn", "Efternamn", "E-post", "Sekretess", "Skola", "Skolkod", "Skolform", "Åk", "Klass", "Grupper"]);
    pupils.addRow([1001, "20080312-0003", "Ella", "Gy", "ella@gy.se", "", "Gymnasiet", 22223333, "GY", 1, "NA26a", "Bi1a, Ke1a"]);
    pupils.addRow([1002, "20080101-TF03", "Nils", "Nilsson", "", "", "Gymnasiet", 22223333, "GY", 1, "NA26a", "Bi1a"]);
    pupils.addRow([1003, "20080708-0008", "Sekret", "Sekretsson", "", "x", "Gymnasiet", 22223333, "GY", 1, "NA26a", "Bi1a"]);
    const staff = workbook.addWorksheet("Personal");
    staff.addRow(["Id", "Förnamn", "Efternamn", "E-post", "Roll", "Skola", "Undervisar"]);
    staff.addRow(["L7", "Lars", "Biolog", "lars@gy.se", "Lärare", "Gymnasiet", "Bi1a"]);
    staff.addRow(["L8", "Kim", "Assistent", "kim@gy.se", "Elevassistent", "Gymnasiet", ""]);
    await workbook.xlsx.writeFile(file);
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it("imports both sheets: ids from the register, gymnasium grades, groups split on commas, protected pupil left out", async () => {
    const { db } = database();
    const settings = mappedFileSettingsSchema.parse({ file, mapping: parseMapping(MAPPING, "mapping.yaml") });
    const result = await importMappedFile(db, settings, { tenantId: "x", sourceId: "excel", today: "2026-10-01" });
    assert.equal(result.status, "succeeded");
    const nils = (await db.selectFrom("users").select("sourced_id").where("given_name", "=", "Nils").executeTakeFirstOrThrow()).sourced_id;
    assert.deepEqual(await rosterRows(db, "x"), [
      "class Bi1a scheduled @Gymnasiet course=Bi1a terms=HT 2026,VT 2027 grades=10 active",
      "class Ke1a scheduled @Gymnasiet course=Ke1a terms=HT 2026,VT 2027 grades=10 active",
      "class NA26a homeroom @Gymnasiet course=Klass – Gymnasiet terms=HT 2026,VT 2027 grades=10 active",
      "enrollment Bi1a | Ella Gy student active",
      "enrollment Bi1a | Lars Biolog teacher active",
      "enrollment Bi1a | Nils Nilsson student active",
      "enrollment Ke1a | Ella Gy student active",
      "enrollment NA26a | Ella Gy student active",
      "enrollment NA26a | Nils Nilsson student active",
      "org Gymnasiet school 22223333 active",
      "session HT 2026 term 2026-07-01 2026-12-31 active",
      "session Läsåret 2026/27 schoolYear 2026-07-01 2027-06-30 active",
      "session VT 2027 term 2027-01-01 2027-06-30 active",
      "user Ella Gy student username=ella@gy.se email=ella@gy.se identifier=- grades=10 orgs=Gymnasiet agents=- userIds=- active",
      "user Kim Assistent aide username=kim@gy.se email=kim@gy.se identifier=- grades= orgs=Gymnasiet agents=- userIds=- active",
      "user Lars Biolog teacher username=lars@gy.se email=lars@gy.se identifier=- grades= orgs=Gymnasiet agents=- userIds=- active",
      `user Nils Nilsson student username=${nils} email=- identifier=- grades=10 orgs=Gymnasiet agents=- userIds=- active`,
    ]);
    assert.equal(result.warnings[0]!.why, "1 person(s) with protected identity (skyddad identitet) left out with their memberships and links");
  });
});
