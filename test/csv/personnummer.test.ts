import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { containsPersonnummer, isPersonnummerId } from "../../src/csv/personnummer.ts";

describe("personnummer detection", () => {
  it("finds personnummer, samordningsnummer and temporary numbers in their usual spellings", () => {
    for (const value of [
      "20130402-1234",
      "201304021234",
      "130402-1234",
      "1304021234",
      "130402+1234",
      "130462-1234",
      "20130101TF01",
      "20130101-TF01",
      "20130101-T123",
      "201304021234@elev.exempelby.se",
      "elev 130402-1234",
      "Ebba20130402TF01",
      "1304021234abc",
    ]) {
      assert.equal(containsPersonnummer(value), true, value);
    }
  });

  it("leaves ordinary identifiers alone", () => {
    for (const value of [
      "E0001",
      "P0000123",
      "colber01",
      "10000001",
      "212000-0000",
      "0000064b-b313-5082-8ac6-70f07fa76ee5",
      "anna.svensson@exempelby.se",
      "131302-1234",
      "130400-1234",
      "12345678901234",
      "user-20240101120000",
    ]) {
      assert.equal(containsPersonnummer(value), false, value);
    }
  });

  it("knows a userIds entry by its type as well as by its value", () => {
    assert.equal(isPersonnummerId("personnummer", "x"), true);
    assert.equal(isPersonnummerId("civicNo", "x"), true);
    assert.equal(isPersonnummerId("PID", "x"), true);
    assert.equal(isPersonnummerId("SSN", "x"), true);
    assert.equal(isPersonnummerId("studentId", "201304021234"), true);
    assert.equal(isPersonnummerId("LDAP", "colber01"), false);
    assert.equal(isPersonnummerId("Fed", "123"), false);
  });
});
