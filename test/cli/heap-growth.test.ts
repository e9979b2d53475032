import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DEFAULT_HEAP_GROWING_PERCENT, heapGrowingPercent } from "../../src/cli/heap-growth.ts";

describe("HEAP_GROWING_PERCENT", () => {
  it("defaults to 20 % and takes whole numbers, 0 leaving the factor to V8", () => {
    assert.equal(DEFAULT_HEAP_GROWING_PERCENT, 20);
    assert.equal(heapGrowingPercent(undefined), 20);
    assert.equal(heapGrowingPercent(""), 20);
    assert.equal(heapGrowingPercent("0"), 0);
    assert.equal(heapGrowingPercent("150"), 150);
  });

  it("refuses anything else, naming the variable and the value", () => {
    for (const bad of ["-5", "1.5", "20%", "lots", "12345"]) {
      assert.throws(() => heapGrowingPercent(bad), { message: `HEAP_GROWING_PERCENT must be a whole number of percent (0 leaves it to V8), not ${JSON.stringify(bad)}` });
    }
  });
});
