import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { readCollectionQuery } from "../../../src/api/query/collection-query.ts";
import { ApiError, warning } from "../../../src/api/status-info.ts";

const FIELDS = new Set(["sourcedId", "givenName", "familyName", "dateLastModified"]);

const refusal = (status: number, codeMinor: string, message: RegExp) => (error: unknown) =>
  error instanceof ApiError && error.httpStatus === status && error.codeMinor === codeMinor && message.test(error.message);

describe("collection query parameters", () => {
  it("defaults to limit 100, offset 0, no sort, all fields, no filter", () => {
    assert.deepEqual(readCollectionQuery({}, FIELDS), { limit: 100, offset: 0, sort: null, fields: null, filter: null, warnings: [] });
  });

  it("reads paging, sort, orderBy, fields and filter", () => {
    assert.deepEqual(
      readCollectionQuery(
        { limit: "5000", offset: "10000", sort: "familyName", orderBy: "desc", fields: "sourcedId,givenName", filter: "givenName='Anna'" },
        FIELDS,
      ),
      {
        limit: 5000,
        offset: 10000,
        sort: { field: "familyName", direction: "desc" },
        fields: ["sourcedId", "givenName"],
        filter: { kind: "comparison", field: "givenName", operator: "=", value: "Anna" },
        warnings: [],
      },
    );
  });

  it("serves a limit above the maximum as the maximum", () => {
    assert.equal(readCollectionQuery({ limit: "50000" }, FIELDS).limit, 10_000);
    assert.equal(readCollectionQuery({ limit: "50000" }, FIELDS, 5000).limit, 5000);
  });

  it("ignores an unknown sort or selection field with the 1.1 warnings", () => {
    const query = readCollectionQuery({ sort: "shoeSize", fields: "givenName,shoeSize" }, FIELDS);
    assert.equal(query.sort, null);
    assert.deepEqual(query.fields, ["givenName"]);
    assert.deepEqual(query.warnings, [
      warning("invalid_sort_field", "sort: unknown field 'shoeSize'; the data is not sorted by it"),
      warning("invalid_selection_field", "fields: unknown field 'shoeSize' is left out"),
    ]);
  });

  it("refuses unreadable values with 400 and the spec's code", () => {
    assert.throws(() => readCollectionQuery({ limit: "0" }, FIELDS), refusal(400, "invaliddata", /limit must be a whole number of at least 1, not '0'/));
    assert.throws(() => readCollectionQuery({ limit: "ten" }, FIELDS), refusal(400, "invaliddata", /limit/));
    assert.throws(() => readCollectionQuery({ offset: "-1" }, FIELDS), refusal(400, "invaliddata", /offset/));
    assert.throws(() => readCollectionQuery({ offset: "99999999999999999999" }, FIELDS), refusal(400, "invaliddata", /offset/));
    assert.throws(() => readCollectionQuery({ limit: ["1", "2"] }, FIELDS), refusal(400, "invaliddata", /limit must be given once/));
    assert.throws(() => readCollectionQuery({ orderBy: "up" }, FIELDS), refusal(400, "invaliddata", /orderBy must be asc or desc/));
    assert.throws(() => readCollectionQuery({ filter: "givenName=Anna" }, FIELDS), refusal(400, "invalid_filter_field", /expected a value in single quotes/));
  });

  it("answers any parameter string with a query or an ApiError, never anything else", () => {
    const text = fc.string({ unit: fc.constantFrom(..."0123456789-ab,=' .~AND") , maxLength: 12 });
    fc.assert(
      fc.property(fc.record({ limit: text, offset: text, sort: text, orderBy: text, fields: text, filter: text }, { requiredKeys: [] }), (params) => {
        try {
          const query = readCollectionQuery({ ...params }, FIELDS);
          assert.ok(query.limit >= 1 && query.limit <= 10_000 && query.offset >= 0);
        } catch (error) {
          assert.ok(error instanceof ApiError && error.httpStatus === 400, String(error));
        }
      }),
      { numRuns: 2000 },
    );
  });
});
