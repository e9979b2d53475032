import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import iconv from "iconv-lite";
import { ImsFileError } from "../../../importers/ims-enterprise/errors.ts";
import { loadImsInputs, type ImsDialect, type ImsInput } from "../../../importers/ims-enterprise/importer.ts";
import { imsMappingSettingsSchema } from "../../../importers/ims-enterprise/settings.ts";
import { plainImsXml } from "../../fixtures/ims-enterprise/plain.ts";
import { describeEachEngine } from "../../helpers/databases.ts";
import { dumpTenant } from "../../sync/helpers.ts";
import { AS_OF, FIXTURES, fixture, importFiles } from "./helpers.ts";

const COMPLETE = readFileSync(`${FIXTURES}edlevo-complete.xml`, "utf8");

function bytes(name: string, content: Buffer | string): ImsInput {
  return { name, kind: "organization", open: async function* () { yield typeof content === "string" ? Buffer.from(content) : content; } };
}

async function failure(input: ImsInput, dialect: ImsDialect = "tieto", settings: Record<string, unknown> = {}): Promise<ImsFileError> {
  try {
    await loadImsInputs([input], dialect, imsMappingSettingsSchema.parse(settings), { today: AS_OF });
  } catch (error) {
    assert.ok(error instanceof ImsFileError, String(error));
    return error;
  }
  assert.fail("the file was accepted");
}

describe("IMS Enterprise files that cannot be read", () => {
  it("a truncated file: file, line and the element left open", async () => {
    const cut = COMPLETE.slice(0, COMPLETE.indexOf("<role roletype=\"Mentor\">"));
    const error = await failure(bytes("cut.xml", cut));
    const lines = cut.split("\n").length;
    assert.equal(error.message, `cut.xml:${lines}: /enterprise/membership[2]/member[4]: the file ends before </enterprise>: it is truncated (unclosed tag: member)`);
  });

  it("broken XML: the parser's complaint with file, line and XPath", async () => {
    const broken = COMPLETE.replace("<family>Lund</family>", "<family>Lund</famly>");
    const line = broken.split("\n").findIndex((l) => l.includes("</famly>")) + 1;
    const error = await failure(bytes("broken.xml", broken));
    assert.equal(error.message, `broken.xml:${line}: /enterprise/person[4]/name/n: unexpected close tag.`);
  });

  it("bytes that are not the declared encoding (ISO-8859-1 bytes in a UTF-8 file)", async () => {
    const latin1 = iconv.encode(plainImsXml({ encoding: "UTF-8", register: "Alvis" }), "latin1");
    const line = plainImsXml({ encoding: "UTF-8", register: "Alvis" }).split("\n").findIndex((l) => /[ÅÄÖåäö]/.test(l)) + 1;
    const error = await failure(bytes("alvis.xml", latin1), "plain");
    assert.equal(error.file, "alvis.xml");
    assert.equal(error.line, line);
    assert.match(error.message, /not valid UTF-8: the file is in another encoding than it declares/);
  });

  it("the same file reads when its encoding is set in the settings", async () => {
    const latin1 = iconv.encode(plainImsXml({ encoding: "UTF-8", register: "Alvis" }), "latin1");
    const loaded = await loadImsInputs([bytes("alvis.xml", latin1)], "plain", imsMappingSettingsSchema.parse({ encoding: "iso-8859-1" }), { today: AS_OF });
    assert.equal(loaded.source.persons.get("10042")?.given, "Göran");
  });

  it("a missing required element: its XPath", async () => {
    const missing = COMPLETE.replace("<description><short>7A</short></description>", "<description></description>");
    const line = missing.split("\n").findIndex((l) => l.includes("<description></description>")) - 2;
    const error = await failure(bytes("missing.xml", missing));
    assert.equal(error.message, `missing.xml:${line}: /enterprise/group[2]/description/short: required element missing or empty`);
  });

  it("a member without idtype, and an unknown idtype", async () => {
    const noIdtype = COMPLETE.replace("<idtype>Group</idtype>", "");
    assert.match((await failure(bytes("a.xml", noIdtype))).message, /^a\.xml:\d+: \/enterprise\/membership\[1\]\/member\/idtype: required element missing$/);
    const odd = COMPLETE.replace("<idtype>Group</idtype>", "<idtype>Robot</idtype>");
    assert.match((await failure(bytes("b.xml", odd))).message, /^b\.xml:\d+: \/enterprise\/membership\[1\]\/member\/idtype: "robot" is neither a person/);
  });

  it("a file of another kind: the wrong root or, for Edlevo, the wrong namespace", async () => {
    assert.equal((await failure(bytes("x.xml", "<?xml version=\"1.0\"?><roster/>"))).message, "x.xml:1: the root element is <roster>, not <enterprise>: not an IMS Enterprise file of this kind");
    const plain = plainImsXml({ encoding: "UTF-8", register: "Alvis" });
    assert.equal((await failure(bytes("p.xml", plain))).message, 'p.xml:1: /enterprise: namespace "" is not Edlevo\'s (http://open.tieto.com/edu/organization/…)');
    assert.equal((await failure(bytes("e.xml", ""))).message, "e.xml:1: no root element: the file is empty or not XML");
  });
});

describeEachEngine("a bad IMS file changes nothing", (database) => {
  it("a truncated export after a good one: an error, no run, every row as it was", async () => {
    const { db } = database();
    await importFiles(db, "edlevo", [fixture("edlevo-complete.xml")]);
    const before = await dumpTenant(db, "t");
    const runs = await db.selectFrom("sync_runs").select("id").execute();
    const cut = COMPLETE.slice(0, Math.floor(COMPLETE.length * 0.6));
    await assert.rejects(importFiles(db, "edlevo", [bytes("cut.xml", cut)]), (error: unknown) => error instanceof ImsFileError && error.file === "cut.xml");
    assert.deepEqual(await dumpTenant(db, "t"), before);
    assert.deepEqual(await db.selectFrom("sync_runs").select("id").execute(), runs);
  });
});
