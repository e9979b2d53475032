import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { runCli } from "../helpers/cli.ts";
import { cliDatabase } from "../helpers/cli-database.ts";

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/mapped-file/${name}`, import.meta.url));

describe("oneroster mapping check", () => {
  const db = cliDatabase("oneroster-mapping-cli-");
  before(async () => {
    await db.setUp();
  });
  after(() => db.tearDown());

  it("prints how the first rows map, exit 0", async () => {
    const { code, stdout, stderr } = await runCli(["mapping", "check", fixture("skolplatsen.csv"), "--mapping", "skolplatsen", "--rows", "2"], db.env());
    assert.equal(code, 0, stderr);
    assert.equal(
      stdout,
      `mapping skolplatsen: Skolplatsen person export (semicolon-separated, one row per person)
  TO BE CONFIRMED with a customer file: compare every column below with the file

record set 1 of 1 (skolplatsen.csv, role from Roll): 6 record(s), first 2 shown
#  at      key                           personnummer   givenName  familyName  email                    role     school                   grade  class  groups
-  ------  ----------------------------  -------------  ---------  ----------  -----------------------  -------  -----------------------  -----  -----  ----------
1  line 2  personnummer                  20150312-****  Åsa        Öberg       asa.oberg@elev.ostra.se  student  Östra skolan / 11112222  04     4C     Ma4C, Sv4C
2  line 3  protected identity: left out

no problems in the rows shown
`,
    );
  });

  it("exits 1 naming an unknown preset", async () => {
    const { code, stdout, stderr } = await runCli(["mapping", "check", fixture("skolplatsen.csv"), "--mapping", "extens"], db.env());
    assert.equal(code, 1);
    assert.equal(stdout, "");
    assert.equal(stderr, "error: extens: no such mapping file, and no preset of that name (presets: adela, skolplatsen)\n");
  });
});
