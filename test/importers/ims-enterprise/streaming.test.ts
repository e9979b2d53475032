import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { readXmlRecords } from "../../../importers/ims-enterprise/xml-records.ts";
import { loadImsInputs } from "../../../importers/ims-enterprise/importer.ts";
import { imsMappingSettingsSchema } from "../../../importers/ims-enterprise/settings.ts";
import { AS_OF } from "./helpers.ts";

const PERSONS = 20_000;

/** A large plain IMS file, made chunk by chunk as it is read; `produced` says how many chunks were asked for. */
function largeExport() {
  const state = { produced: 0, total: PERSONS / 100 + 2 };
  async function* chunks() {
    state.produced++;
    yield Buffer.from('<?xml version="1.0" encoding="UTF-8"?>\n<enterprise>\n<properties><datasource>Alvis</datasource></properties>\n');
    for (let block = 0; block < PERSONS / 100; block++) {
      let text = "";
      for (let i = 0; i < 100; i++) {
        const n = block * 100 + i;
        text += `<person><sourcedid><source>Alvis</source><id> ${n} </id></sourcedid><name><fn>Elev ${n}</fn><n><family>Nummer${n}</family><given>Elev</given></n></name></person>\n`;
      }
      state.produced++;
      yield Buffer.from(text);
    }
    state.produced++;
    yield Buffer.from("</enterprise>\n");
  }
  return { state, chunks };
}

describe("the IMS Enterprise reader streams", () => {
  it("yields records while the file is still being read, one record at a time", async () => {
    const { state, chunks } = largeExport();
    let records = 0;
    let producedAtFirst = -1;
    for await (const record of readXmlRecords(chunks(), { file: "large.xml", encoding: "auto", roots: ["enterprise"] })) {
      if (record.name !== "person") continue;
      if (records === 0) producedAtFirst = state.produced;
      records++;
    }
    assert.equal(records, PERSONS);
    assert.ok(producedAtFirst > 0 && producedAtFirst < state.total / 10, `the first person came after ${producedAtFirst} of ${state.total} chunks`);
    assert.equal(state.produced, state.total);
  });

  it("the loader counts records as they arrive, before the end of the file", async () => {
    const { state, chunks } = largeExport();
    const seen: Array<{ records: number; produced: number }> = [];
    const loaded = await loadImsInputs([{ name: "large.xml", kind: "organization", open: chunks }], "plain", imsMappingSettingsSchema.parse({}), {
      today: AS_OF,
      onRecord: (records) => {
        if (records % 5000 === 0) seen.push({ records, produced: state.produced });
      },
    });
    assert.equal(loaded.source.persons.size, PERSONS);
    assert.equal(loaded.source.persons.get("19999")?.family, "Nummer19999");
    assert.ok(seen[0]!.produced < state.total, "records were counted before the file was read to its end");
  });
});
