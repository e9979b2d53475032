import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { v5 } from "uuid";
import { derivedSourcedId } from "../../src/model/derived-id.ts";

const NAMESPACE = "0f6b3c1e-9d2a-5e47-8c31-4b7a2e9d5f60";

test("a derived sourcedId is the UUIDv5 of tenant/source/entity/key in the import namespace (ids stored before stay valid)", () => {
  assert.equal(derivedSourcedId("default", "ss12000", "enrollments", "group-1/person-1"), "23068b98-dc79-5840-8987-8c8911e6bd84");
  assert.equal(derivedSourcedId("t", "s", "academicSessions", "HT 2026 Läsår"), "db8e9b74-1f3e-5919-84d8-1da4e9ecbe7f");
});

test("derived sourcedIds equal the uuid package's v5 for any names, of any length and script", () => {
  fc.assert(
    fc.property(fc.string(), fc.string(), fc.oneof(fc.string({ unit: "grapheme", maxLength: 400 }), fc.string({ unit: "binary", maxLength: 400 })), (tenant, source, key) => {
      assert.equal(derivedSourcedId(tenant, source, "enrollments", key), v5(`${tenant}/${source}/enrollments/${key}`, NAMESPACE));
    }),
    { numRuns: 2000 },
  );
  const long = "Läsår ÅÄÖ 😀 ".repeat(100);
  assert.equal(derivedSourcedId("t", "s", "classes", long), v5(`t/s/classes/${long}`, NAMESPACE));
});
