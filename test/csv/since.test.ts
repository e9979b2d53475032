import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ExportRequestError, parseSince } from "../../src/csv/request.ts";

describe("--since", () => {
  it("reads an ISO 8601 date-time with its zone, or a date as its midnight UTC", () => {
    assert.equal(parseSince("2026-11-25T08:00:00Z").toISOString(), "2026-11-25T08:00:00.000Z");
    assert.equal(parseSince("2026-11-25T08:00:00.123Z").toISOString(), "2026-11-25T08:00:00.123Z");
    assert.equal(parseSince("2026-11-25T08:00+01:00").toISOString(), "2026-11-25T07:00:00.000Z");
    assert.equal(parseSince("2026-11-25").toISOString(), "2026-11-25T00:00:00.000Z");
    assert.equal(parseSince("2024-02-29T00:00:00Z").toISOString(), "2024-02-29T00:00:00.000Z");
  });

  it("refuses a time without a zone, an impossible date or time, and words", () => {
    for (const value of ["2026-11-25T08:00:00", "2026-02-30", "2025-02-29T00:00:00Z", "2026-11-25T24:00:00Z", "2026-13-01", "yesterday", ""]) {
      assert.throws(
        () => parseSince(value),
        (error: unknown) =>
          error instanceof ExportRequestError &&
          error.option === "since" &&
          error.message === `"${value}" is not an ISO 8601 date-time with a time zone, e.g. 2026-11-25T08:00:00Z`,
        value,
      );
    }
  });
});
