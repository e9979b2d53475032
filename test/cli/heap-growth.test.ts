import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DEFAULT_HEAP_GROWING_PERCENT, MIN_HEADROOM_MB, SMALL_HEAP_MB, growingPercentFor, heapGrowingPercent } from "../../src/cli/heap-growth.ts";

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

describe("the growth factor after a full collection", () => {
  const MB = 2 ** 20;
  it("gives a heap under SMALL_HEAP_MB at least MIN_HEADROOM_MB of room, and a larger one the percentage alone", () => {
    assert.equal(MIN_HEADROOM_MB, 48);
    assert.equal(SMALL_HEAP_MB, 128);
    assert.equal(growingPercentFor(127 * MB, 20), 38);
    assert.equal(growingPercentFor(128 * MB, 20), 20);
    assert.equal(growingPercentFor(100 * MB, 20), 48);
    assert.equal(growingPercentFor(64 * MB, 20), 75);
    assert.equal(growingPercentFor(1 * MB, 20), 4800);
    assert.equal(growingPercentFor(300 * MB, 20), 20);
    assert.equal(growingPercentFor(100 * MB, 60), 60);
    assert.equal(growingPercentFor(0, 20), growingPercentFor(1, 20));
  });
});
