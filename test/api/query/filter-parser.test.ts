import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { FilterSyntaxError, formatFilter, parseFilter, type FilterNode } from "../../../src/api/query/filter-parser.ts";

const cmp = (field: string, operator: string, value: string) => ({ kind: "comparison", field, operator, value });

describe("OneRoster filter parser", () => {
  it("reads a single comparison with each operator", () => {
    for (const op of ["=", "!=", ">", ">=", "<", "<=", "~"]) {
      assert.deepEqual(parseFilter(`familyName${op}'jones'`), cmp("familyName", op, "jones"));
    }
  });

  it("reads dates, spaces inside values, dotted fields and doubled quotes", () => {
    assert.deepEqual(parseFilter("dateLastModified>'2015-01-01T00:00:00Z'"), cmp("dateLastModified", ">", "2015-01-01T00:00:00Z"));
    assert.deepEqual(parseFilter("givenName='Colin Robert'"), cmp("givenName", "=", "Colin Robert"));
    assert.deepEqual(parseFilter("school.sourcedId='s1'"), cmp("school.sourcedId", "=", "s1"));
    assert.deepEqual(parseFilter("familyName='O''Brien'"), cmp("familyName", "=", "O'Brien"));
    assert.deepEqual(parseFilter("title = 'a'"), cmp("title", "=", "a"));
  });

  it("joins with AND and OR, AND binding tighter, and keeps AND/OR inside values as text", () => {
    assert.deepEqual(parseFilter("status='active' AND role='student'"), {
      kind: "and",
      left: cmp("status", "=", "active"),
      right: cmp("role", "=", "student"),
    });
    assert.deepEqual(parseFilter("a='1' OR b='2' AND c='3'"), {
      kind: "or",
      left: cmp("a", "=", "1"),
      right: { kind: "and", left: cmp("b", "=", "2"), right: cmp("c", "=", "3") },
    });
    assert.deepEqual(parseFilter("title=' OR ' AND x='AND'"), {
      kind: "and",
      left: cmp("title", "=", " OR "),
      right: cmp("x", "=", "AND"),
    });
  });

  it("refuses what it cannot read, naming where", () => {
    const refused: Array<[string, RegExp]> = [
      ["", /expected a field name at character 1/],
      ["familyName", /expected one of = != > >= < <= ~ at character 11/],
      ["familyName=jones", /expected a value in single quotes at character 12/],
      ["familyName='jones", /value has no closing quote at character 12/],
      ["a='1' b='2'", /expected ' AND ' or ' OR ' between comparisons at character 7/],
      ["a='1' and b='2'", /expected ' AND ' or ' OR ' between comparisons/],
      ["a='1' AND", /expected ' AND ' or ' OR ' between comparisons/],
      ["a='1'AND b='2'", /expected ' AND ' or ' OR ' between comparisons/],
    ];
    for (const [text, message] of refused) {
      assert.throws(() => parseFilter(text), (e: unknown) => e instanceof FilterSyntaxError && message.test(e.message), text);
    }
  });

  it("never fails other than with a FilterSyntaxError, whatever the input", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(..."ab.=!<>~' ANDOR\t1_") }), (text) => {
        try {
          parseFilter(text);
        } catch (error) {
          assert.ok(error instanceof FilterSyntaxError, String(error));
        }
      }),
      { numRuns: 2000 },
    );
  });

  it("reads back exactly what formatFilter writes", () => {
    const field = fc.stringMatching(/^[a-z][A-Za-z0-9]{0,8}(\.[a-z][A-Za-z]{0,5})?$/);
    const comparison = fc.record({
      kind: fc.constant("comparison" as const),
      field,
      operator: fc.constantFrom("=", "!=", ">", ">=", "<", "<=", "~" as const),
      value: fc.string(),
    }).map((node): FilterNode => ({ ...node }));
    const join = (kind: "and" | "or") => (parts: FilterNode[]) =>
      parts.slice(1).reduce<FilterNode>((left, right) => ({ kind, left, right }), parts[0]!);
    const conjunction = fc.array(comparison, { minLength: 1, maxLength: 3 }).map(join("and"));
    const filter = fc.array(conjunction, { minLength: 1, maxLength: 3 }).map(join("or"));
    fc.assert(fc.property(filter, (tree) => assert.deepEqual(parseFilter(formatFilter(tree)), tree)), { numRuns: 1000 });
  });
});
