import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { checkMapping } from "../../../importers/mapped-file/mapping-check.ts";
import { loadMapping } from "../../../importers/mapped-file/presets.ts";

const fixture = (name: string) => fileURLToPath(new URL(`../../fixtures/mapped-file/${name}`, import.meta.url));

describe("mapping check", () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "mapping-check-"));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it("shows the first rows of a Skolplatsen file as canonical fields: personnummer only as a date, protected rows as nothing but that", async () => {
    const { lines, problems } = await checkMapping(fixture("skolplatsen.csv"), await loadMapping("skolplatsen"), 5);
    assert.equal(problems, 0);
    assert.equal(
      lines.join("\n"),
      `mapping skolplatsen: Skolplatsen person export (semicolon-separated, one row per person)
  TO BE CONFIRMED with a customer file: compare every column below with the file

record set 1 of 1 (skolplatsen.csv, role from Roll): 6 record(s), first 5 shown
#  at      key                           personnummer               givenName  familyName  email                        role     school                   grade  class  groups
-  ------  ----------------------------  -------------------------  ---------  ----------  ---------------------------  -------  -----------------------  -----  -----  ----------
1  line 2  personnummer                  20150312-****              Åsa        Öberg       asa.oberg@elev.ostra.se      student  Östra skolan / 11112222  04     4C     Ma4C, Sv4C
2  line 3  protected identity: left out
3  line 4  e-mail (temporary number)     20160101-**** (temporary)  Tove       Sjöström    tove.sjostrom@elev.ostra.se  student  Östra skolan / 11112222  04     4C     Ma4C, Sv4C
4  line 5  none: left out                20160202-**** (temporary)  Okänd      Reserv                                   student  Östra skolan / 11112222  04     4C     Ma4C
5  line 6  personnummer                  19800415-****              Karin      Lärare      karin.larare@ostra.se        teacher  Östra skolan / 11112222                Ma4C, Sv4C

no problems in the rows shown`,
    );
  });

  it("shows each XML record set of an Adela file with the element path of every record, and the problems of the rows shown", async () => {
    const xml = (await readFile(fixture("adela.xml"), "latin1")).replace("<Befattning>Rektor</Befattning>", "<Befattning>Vaktmästare</Befattning>");
    await writeFile(join(dir, "adela.xml"), xml, "latin1");
    const { lines, problems } = await checkMapping(join(dir, "adela.xml"), await loadMapping("adela"), 2);
    assert.equal(problems, 0, "the bad record is not among the rows shown");
    const all = await checkMapping(join(dir, "adela.xml"), await loadMapping("adela"), 10);
    assert.equal(all.problems, 1);
    assert.equal(
      lines.join("\n"),
      `mapping adela: Tersus Adela XML export (schools, students, staff, teaching groups)
  TO BE CONFIRMED with a customer file: compare every column below with the file

record set 1 of 2 (Adela/Skolor/Skola/Elever/Elev, role student): 3 record(s), first 2 shown
#  at                                  key                           personnummer   givenName  familyName  email                     role     school                           grade  class  groups
-  ----------------------------------  ----------------------------  -------------  ---------  ----------  ------------------------  -------  -------------------------------  -----  -----  --------
1  /Adela/Skolor/Skola/Elever/Elev[1]  id E1                         20150312-****  Åsa        Öberg       asa.oberg@elev.vaster.se  student  S-100 / Västerskolan / 87654321  04     4B     Ma4, Sv4
2  /Adela/Skolor/Skola/Elever/Elev[2]  protected identity: left out

record set 2 of 2 (Adela/Skolor/Skola/Personal/Anstalld, role from Befattning): 3 record(s), first 2 shown
#  at                                        key    personnummer   givenName  familyName  email                     role     school                           class  groups
-  ----------------------------------------  -----  -------------  ---------  ----------  ------------------------  -------  -------------------------------  -----  --------
1  /Adela/Skolor/Skola/Personal/Anstalld[1]  id P1  19800415-****  Karin      Lärare      karin.larare@vaster.se    teacher  S-100 / Västerskolan / 87654321         Ma4, Sv4
2  /Adela/Skolor/Skola/Personal/Anstalld[2]  id P2  19751123-****  Per        Mentorsson  per.mentorsson@vaster.se  teacher  S-100 / Västerskolan / 87654321  4B

no problems in the rows shown`,
    );
    assert.deepEqual(all.lines.slice(-2), ["1 problem(s):", '  adela.xml: /Adela/Skolor/Skola/Personal/Anstalld[3]/Befattning: "Vaktmästare" is no role the mapping knows (values.roles)']);
    assert.ok(all.lines.includes("3  /Adela/Skolor/Skola/Personal/Anstalld[3]  id P3  19700202-****  Rut        Rektorsdotter  rut@vaster.se             ? Vaktmästare  S-100 / Västerskolan / 87654321"));
  });

  it("says which mapped columns a file lacks", async () => {
    await writeFile(join(dir, "short.csv"), "Personnummer;Förnamn;Efternamn\n20150312-0006;Åsa;Öberg\n");
    const { lines, problems } = await checkMapping(join(dir, "short.csv"), await loadMapping("skolplatsen"), 5);
    assert.equal(problems, 9);
    assert.deepEqual(lines.slice(3, 6), ["record set 1 of 1 (short.csv, role from Roll): 0 record(s)", "", "9 problem(s):"]);
    assert.equal(lines[6], '  short.csv:1: (header): no column "E-post", which the mapping names');
  });
});
