import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isTemporaryNumber, parseIdentityNumber, personnummerKey } from "../../src/model/personnummer.ts";

describe("personnummer as a match key", () => {
  it("takes 12 and 10 digits, with or without separator, and samordningsnummer", () => {
    assert.equal(personnummerKey("19121212-1212"), "191212121212");
    assert.equal(personnummerKey("191212121212"), "191212121212");
    assert.equal(personnummerKey("121212+1212", new Date("2026-01-01")), "191212121212");
    assert.equal(personnummerKey("121212-1212", new Date("2026-01-01")), "201212121212");
    assert.equal(personnummerKey("19701063-2391"), "197010632391");
  });

  it("never takes a temporary number, an impossible date or a wrong check digit", () => {
    assert.equal(personnummerKey("20130101-TF01"), undefined);
    assert.equal(personnummerKey("20130101T123"), undefined);
    assert.equal(personnummerKey("19121312-1212"), undefined);
    assert.equal(personnummerKey("19120230-1212"), undefined);
    assert.equal(personnummerKey("19121212-1213"), undefined);
    assert.equal(personnummerKey(""), undefined);
  });
});

describe("reading identity numbers", () => {
  it("tells personnummer, samordningsnummer and temporary numbers apart", () => {
    assert.deepEqual(parseIdentityNumber("19121212-1212"), { kind: "personnummer", normalized: "191212121212" });
    assert.deepEqual(parseIdentityNumber("197010632391"), { kind: "samordningsnummer", normalized: "197010632391" });
    assert.deepEqual(parseIdentityNumber("20130101-TF01"), { kind: "temporary", normalized: "20130101-TF01" });
    assert.deepEqual(parseIdentityNumber("130101-tf01", new Date("2026-01-01")), { kind: "temporary", normalized: "20130101-TF01" });
    assert.deepEqual(parseIdentityNumber("20130101T123"), { kind: "temporary", normalized: "20130101-T123" });
    assert.equal(parseIdentityNumber("19121212-1213"), undefined);
    assert.equal(parseIdentityNumber("hello"), undefined);
  });

  it("accepts a temporary number without validating it, and never as a key", () => {
    assert.equal(isTemporaryNumber("20130101-TF01"), true);
    assert.equal(isTemporaryNumber("19121212-1212"), false);
    assert.equal(personnummerKey("20991399-TF99"), undefined);
    assert.equal(isTemporaryNumber("20991399-TF99"), true);
  });
});
