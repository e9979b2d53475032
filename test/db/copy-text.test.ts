import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { copyText } from "../../db/copy-text.ts";

const types = new Map([
  ["name", "text"],
  ["grades", "_text"],
  ["metadata", "jsonb"],
  ["enabled", "bool"],
  ["weight", "float8"],
  ["due", "timestamptz"],
]);

describe("COPY text format", () => {
  it("writes each value as its column's type reads it, escaping what COPY reads specially", () => {
    const rows = [
      {
        name: 'tab\there, new\nline, cr\r, back\\slash, "quotes" {braces} 🦉',
        grades: ["07", 'say "hi"', "a,b", "{x}", "NULL", "back\\slash", null, ""],
        metadata: { note: "line\nbreak\\", list: [1, "two"] },
        enabled: true,
        weight: 0.5,
        due: new Date("2026-11-26T06:00:00.000Z"),
      },
      { name: null, grades: [], metadata: ["a", null], enabled: false, weight: -3 },
    ];
    const columns = ["name", "grades", "metadata", "enabled", "weight", "due"];
    assert.equal(
      copyText(rows, columns, types),
      'tab\\there, new\\nline, cr\\r, back\\\\slash, "quotes" {braces} 🦉\t' +
        '{"07","say \\\\"hi\\\\"","a,b","{x}","NULL","back\\\\\\\\slash",NULL,""}\t' +
        '{"note":"line\\\\nbreak\\\\\\\\","list":[1,"two"]}\t' +
        "true\t0.5\t2026-11-26T06:00:00.000Z\n" +
        '\\N\t{}\t["a",null]\tfalse\t-3\t\\N\n',
    );
  });

  it("writes nothing for no rows, and refuses a value that is not an array for an array column", () => {
    assert.equal(copyText([], ["name"], types), "");
    assert.throws(() => copyText([{ grades: "07" }], ["grades"], types), { message: "an array column was given string" });
  });
});
