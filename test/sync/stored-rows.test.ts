import assert from "node:assert/strict";
import { hash } from "node:crypto";
import { describe, it } from "node:test";
import { StoredRows } from "../../src/sync/stored-rows.ts";

const digest = (text: string) => hash("sha1", text, "base64");

describe("StoredRows", () => {
  it("answers for each of thousands of rows by its own digest, status and scope, across the store's growth", () => {
    const rows = new StoredRows();
    for (let i = 0; i < 5000; i++) rows.add(`row-${i}`, digest(`content ${i}`), i % 3 !== 0, [`class-${i % 7}`, `user-${i}`]);
    assert.equal(rows.size, 5000);
    assert.equal(rows.isActiveWith(rows.indexOf("row-1"), digest("content 1")), true);
    assert.equal(rows.isActiveWith(rows.indexOf("row-4999"), digest("content 4999")), true);
    assert.equal(rows.isActiveWith(rows.indexOf("row-1"), digest("content 2")), false, "another row's digest");
    assert.equal(rows.isActiveWith(rows.indexOf("row-3"), digest("content 3")), false, "same digest, but the row is tobedeleted");
    assert.equal(rows.isActiveWith(rows.indexOf("row-5000"), digest("content 5000")), false, "no such row");
    assert.equal(rows.isActive("row-3"), false);
    assert.equal(rows.isActive("row-4"), true);
    assert.equal(rows.has("row-3"), true);
    assert.equal(rows.has("row-5000"), false);
    assert.equal(rows.isComputed(rows.indexOf("row-4")), false);
    assert.equal(rows.indexOf("row-5000"), -1);
  });

  it("never takes a digest of another length for the stored one", () => {
    const rows = new StoredRows();
    rows.add("a", digest("x"), true);
    assert.equal(rows.isActiveWith(rows.indexOf("a"), digest("x").slice(0, 12)), false);
    assert.equal(rows.isActiveWith(rows.indexOf("a"), hash("sha256", "x", "base64")), false);
  });

  it("marks rows the snapshot names, and lists the active ones it did not name with their scopes", () => {
    const rows = new StoredRows();
    rows.add("kept", digest("1"), true, ["c1", "u1"]);
    rows.add("gone", digest("2"), true, ["c1", "u2"]);
    rows.add("already-removed", digest("3"), false, ["c2", "u3"]);
    rows.add("computed", digest("4"), true, undefined, true);
    assert.equal(rows.markSeen(rows.indexOf("kept")), false);
    assert.equal(rows.markSeen(rows.indexOf("kept")), true, "named a second time");
    assert.equal(rows.isComputed(rows.indexOf("computed")), true);
    assert.equal(rows.isComputed(rows.indexOf("kept")), false);
    assert.deepEqual([...rows.activeUnseen()], [
      ["gone", ["c1", "u2"]],
      ["computed", undefined],
    ]);
  });
});
