import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isDate } from "../../../importers/oneroster-csv/row-reader.ts";

describe("isDate: a real YYYY-MM-DD date", () => {
  it("answers alike the first time and again, for valid and invalid dates, and past the dates it keeps", () => {
    for (let round = 0; round < 2; round++) {
      assert.equal(isDate("2026-08-17"), true);
      assert.equal(isDate("2028-02-29"), true);
      assert.equal(isDate("2026-02-29"), false);
      assert.equal(isDate("2026-02-30"), false);
      assert.equal(isDate("2026-13-01"), false);
      assert.equal(isDate("2026-8-17"), false);
      assert.equal(isDate(" 2026-08-17"), false);
    }
    for (let day = 0; day < 5000; day++) assert.equal(isDate(new Date(Date.UTC(2000, 0, 1 + day)).toISOString().slice(0, 10)), true);
    assert.equal(isDate("2026-08-17"), true);
    assert.equal(isDate("2026-02-30"), false);
  });
});
