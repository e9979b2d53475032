import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, it } from "node:test";
import { fileURLToPath } from "node:url";
import iconv from "iconv-lite";
import { RegisterFileError } from "../../../importers/mapped-file/file-error.ts";
import { loadMapping, MappingError } from "../../../importers/mapped-file/presets.ts";
import { mappedFileSettingsSchema, type MappedFileSettingsInput } from "../../../importers/mapped-file/settings.ts";
import { importMappedFile } from "../../../src/imports/mapped-file-import.ts";
import { describeEachEngine } from "../../helpers/databases.ts";
import { dumpTenant } from "../../sync/helpers.ts";

const fixture = (name: string) => fileURLToPath(new URL(`../../fixtures/mapped-file/${name}`, import.meta.url));
const options = { tenantId: "t", sourceId: "s", today: "2026-09-01" };

describeEachEngine("mapped-file import of bad files", (database) => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "mapped-bad-"));
    const { db } = database();
    await importMappedFile(db, mappedFileSettingsSchema.parse({ file: fixture("skolplatsen.csv"), mapping: "skolplatsen" }), options);
  });
  after(() => rm(dir, { recursive: true, force: true }));

  /** The import fails with exactly these problems, and the database is as it was (no tenant made either). */
  const rejects = async (name: string, content: string | Buffer, settings: Omit<MappedFileSettingsInput, "file">, expected: string[], tenantId = "t") => {
    const { db } = database();
    const before = await dumpTenant(db, "t");
    const file = join(dir, name);
    await writeFile(file, content);
    await assert.rejects(importMappedFile(db, mappedFileSettingsSchema.parse({ ...settings, file }), { ...options, tenantId }), (error: unknown) => {
      assert.ok(error instanceof RegisterFileError || error instanceof MappingError, String(error));
      assert.deepEqual(error.message.split("\n"), expected);
      return true;
    });
    assert.deepEqual(await dumpTenant(db, "t"), before);
    assert.equal(await db.selectFrom("tenants").select("id").where("id", "=", "new").executeTakeFirst(), undefined);
  };

  it("a truncated XML file: where it ends and which elements are left open", async () => {
    const xml = await readFile(fixture("adela.xml"));
    const cut = xml.subarray(0, xml.indexOf("</Epost>", xml.indexOf("<Anstalld")));
    await rejects("adela.xml", cut, { mapping: "adela" }, ["adela.xml:42: (xml): the file ends before </Epost>, </Anstalld>, </Personal>, </Skola>, </Skolor>, </Adela> (truncated?)"], "new");
  });

  it("XML that is not well-formed: the line of the mismatch", async () => {
    const xml = iconv.decode(await readFile(fixture("adela.xml")), "latin1").replace("</Efternamn>", "</Efternam>");
    await rejects("adela.xml", iconv.encode(xml, "latin1"), { mapping: "adela" }, [
      "adela.xml:9: (xml): not well-formed XML: Expected closing tag 'Efternamn' (opened in line 9, col 11) instead of closing tag 'Efternam'. (column 27)",
    ]);
  });

  it("a file in another encoding than the mapping says: its first line that is not UTF-8", async () => {
    const mapping = { ...(await loadMapping("skolplatsen")), encoding: "utf-8" as const };
    const latin1 = iconv.encode((await readFile(fixture("skolplatsen.csv"), "utf8")), "latin1");
    await rejects("export.csv", latin1, { mapping }, ["export.csv:1: (file): not UTF-8 (ISO-8859-1?); save the file as UTF-8 or set the encoding to iso-8859-1"]);
  });

  it("a header without columns the mapping names", async () => {
    const csv = (await readFile(fixture("skolplatsen.csv"), "utf8")).replace("Roll;", "Befattning;").replace(";Grupper", ";Undervisningsgrupper");
    await rejects("export.csv", csv, { mapping: "skolplatsen" }, ['export.csv:1: (header): no column "Roll", which the mapping names', 'export.csv:1: (header): no column "Grupper", which the mapping names']);
  });

  it("bad values: file:line: column (field): why for each", async () => {
    const csv = [
      "Personnummer;Förnamn;Efternamn;E-post;Mobil;Roll;Skyddad identitet;Skolenhet;Skolenhetskod;Årskurs;Klass;Grupper",
      "20150312-0007;Åsa;Öberg;;;Elev;;Östra skolan;11112222;4;4C;",
      ";Tom;Tomsson;;;Elev;;Östra skolan;11112222;4;4C;",
      "19800415-0002;;Lärare;karin(at)ostra.se;;Vaktmästare;;;;;;",
      // a protected person's row is dropped before it is checked, and never named
      "not-a-number;;;;;;Ja;;;;;",
    ].join("\n");
    await rejects("export.csv", csv, { mapping: "skolplatsen" }, [
      "export.csv:2: Personnummer (personnummer): not a valid personnummer, samordningsnummer or temporary number (date or check digit)",
      "export.csv:3: Personnummer (personnummer): required (the person's id or personnummer), but empty",
      "export.csv:4: Förnamn (givenName): required, but empty",
      "export.csv:4: Skolenhet (school): required, but empty",
      'export.csv:4: Roll (role): "Vaktmästare" is no role the mapping knows (values.roles)',
      'export.csv:4: E-post (email): "karin(at)ostra.se" is not an e-mail address',
    ]);
  });

  it("an XML record with a bad value: its element path", async () => {
    const xml = iconv.decode(await readFile(fixture("adela.xml")), "latin1").replace("<Befattning>Rektor</Befattning>", "<Befattning>Vaktmästare</Befattning>");
    await rejects("adela.xml", iconv.encode(xml, "latin1"), { mapping: "adela" }, [
      'adela.xml: /Adela/Skolor/Skola/Personal/Anstalld[3]/Befattning: "Vaktmästare" is no role the mapping knows (values.roles)',
    ]);
  });

  it("a mapping file that is not a mapping: its YAML path", async () => {
    const mappingFile = join(dir, "mapping.yaml");
    await writeFile(mappingFile, "name: x\nformat: ods\nrecords:\n  - role: student\n    fields:\n      givenName: Förnamn\n");
    await rejects("export.csv", "x", { mapping: mappingFile }, [
      `${mappingFile}: format: Invalid option: expected one of "csv"|"tsv"|"xlsx"|"xml"`,
      `${mappingFile}: records.0.fields.familyName: Invalid input: expected string, received undefined`,
      `${mappingFile}: records.0.fields.school: Invalid input: expected string, received undefined`,
    ]);
  });
});
