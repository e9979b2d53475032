import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, it } from "node:test";
import { readIdentityCsv } from "../../../importers/identity-csv/identity-index.ts";
import type { IdentityCsvSettings } from "../../../importers/identity-csv/settings.ts";
import { describeEachEngine } from "../../helpers/databases.ts";
import { startFakeSs12000, type FakeSs12000 } from "../../fakes/ss12000/server.ts";
import { rowOf } from "../../sync/helpers.ts";
import { TOKEN, importFrom, rowsMentioning } from "./helpers.ts";

describeEachEngine("SS 12000 import with an identity source", (database) => {
  let fake: FakeSs12000;
  let dir: string;
  before(async () => {
    fake = await startFakeSs12000({ students: 60, seed: 7, staticToken: TOKEN });
    dir = await mkdtemp(join(tmpdir(), "identity-"));
  });
  after(async () => {
    await fake.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("takes e-mail and username from the identity CSV by personnummer, never by a temporary number, and stores no personnummer", async () => {
    const { db } = database();
    const { persons } = fake.state.data;
    const { special } = fake.state;
    const usable = [...persons.values()].filter(
      (p) => (p.enrolments?.length ?? 0) > 0 && p.securityMarking === "Ingen" && p.personStatus === "Aktiv" && !special.temporaryCivicNo.includes(p.id),
    );
    const [anna, bo] = [usable[0]!, usable[1]!];
    const temporary = persons.get(special.temporaryCivicNo[0]!)!;
    const file = join(dir, "entra.csv");
    await writeFile(
      file,
      [
        "employeeID,mail,userPrincipalName",
        `${anna.civicNo!.value},anna.cloud@elev.exempelby.se,anna.cloud@elev.exempelby.se`,
        `${bo.civicNo!.value.slice(2, 8)}-${bo.civicNo!.value.slice(8)},bo.cloud@elev.exempelby.se,`,
        `${temporary.civicNo!.value},temp@elev.exempelby.se,temp@elev.exempelby.se`,
        "191212121212,nobody@elev.exempelby.se,nobody@elev.exempelby.se",
      ].join("\n"),
    );
    const settings: IdentityCsvSettings = { file, matchBy: "personnummer", columns: { key: "employeeID", email: "mail", username: "userPrincipalName" } };
    const result = await importFrom(db, fake, { identity: { settings, index: await readIdentityCsv(settings) } });
    assert.equal(result.status, "succeeded");

    const annaRow = await rowOf(db, "users", "t", anna.id);
    assert.equal(annaRow.email, "anna.cloud@elev.exempelby.se");
    assert.equal(annaRow.username, "anna.cloud@elev.exempelby.se");
    const boRow = await rowOf(db, "users", "t", bo.id);
    assert.equal(boRow.email, "bo.cloud@elev.exempelby.se");
    assert.equal(boRow.username, bo.eduPersonPrincipalNames![0], "no username in the file: the register's stays");
    const tempRow = await rowOf(db, "users", "t", temporary.id);
    assert.notEqual(tempRow.email, "temp@elev.exempelby.se");

    const why = result.warnings.map((w) => w.why);
    assert.ok(why.includes("2 student(s) and staff got their e-mail or username from the identity source"), why.join("\n"));
    assert.ok(why.some((w) => /^\d+ student\(s\) and staff not found in the identity source/.test(w)));
    assert.ok(why.includes("1 row(s) of the identity source matched no student or staff member"));
    assert.ok(why.includes(`identity source row left out: ${file}:4: employeeID: not a valid personnummer (temporary numbers are never matched)`));
    const civicNos = [...persons.values()].map((p) => p.civicNo!.value);
    for (const table of ["users", "user_ids", "sync_runs"] as const) assert.deepEqual(await rowsMentioning(db, table, civicNos), [], table);
  });
});
