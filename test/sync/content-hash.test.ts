import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { stableJson } from "../../src/sync/content-hash.ts";

describe("stableJson", () => {
  it("writes values without objects with keys as JSON does, missing values as null", () => {
    assert.equal(
      stableJson(["a\"b", 1.5, -0, null, undefined, true, new Date(Date.UTC(2026, 7, 20)), ["x", undefined, ["y"]]]),
      '["a\\"b",1.5,0,null,null,true,"2026-08-20T00:00:00.000Z",["x",null,["y"]]]',
    );
    assert.equal(stableJson(undefined), "null");
    assert.equal(stableJson("plain"), '"plain"');
  });

  it("sorts the keys of objects at any depth, the same text whatever order they were built in", () => {
    const expected = '["u1",[{"identifier":"1","type":"a"}],{"a":{"c":3,"d":[{"e":null,"f":"2026-01-01T00:00:00.000Z"}]},"b":2}]';
    assert.equal(stableJson(["u1", [{ type: "a", identifier: "1" }], { b: 2, a: { d: [{ f: new Date(Date.UTC(2026, 0, 1)), e: undefined }], c: 3 } }]), expected);
    assert.equal(stableJson(["u1", [{ identifier: "1", type: "a" }], { a: { c: 3, d: [{ e: null, f: new Date(Date.UTC(2026, 0, 1)) }] }, b: 2 }]), expected);
  });
});
