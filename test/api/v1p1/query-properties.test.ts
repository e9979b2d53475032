import assert from "node:assert/strict";
import { before, it } from "node:test";
import type { Express } from "express";
import fc from "fast-check";
import request from "supertest";
import { formatFilter, type FilterNode, type FilterOperator } from "../../../src/api/query/filter-parser.ts";
import { filterCondition } from "../../../src/api/v1p1/conditions.ts";
import { user } from "../../../src/api/v1p1/entities/user.ts";
import { seedDemo } from "../../../src/demo/seed.ts";
import { describeEachEngine } from "../../helpers/databases.ts";
import { routesAs } from "../../helpers/v1p1-app.ts";

const BASE = "/ims/oneroster/v1p1";
type Json = Record<string, unknown>;

const FIELDS = ["sourcedId", "status", "dateLastModified", "username", "givenName", "familyName", "middleName", "role", "enabledUser", "grades", "email"] as const;
type Field = (typeof FIELDS)[number];
const TEXT_FIELDS = FIELDS.filter((f) => f !== "dateLastModified" && f !== "enabledUser");
const ORDERING: FilterOperator[] = ["=", "!=", ">", ">=", "<", "<="];

/** The filter evaluated on the JSON records the API serves, as the binding describes it. */
function matches(node: FilterNode, record: Json): boolean {
  if (node.kind !== "comparison") {
    return node.kind === "and" ? matches(node.left, record) && matches(node.right, record) : matches(node.left, record) || matches(node.right, record);
  }
  const actual = record[node.field];
  const { operator, value } = node;
  if (Array.isArray(actual)) {
    if (operator === "~") return actual.some((item: string) => item.toLowerCase().includes(value.toLowerCase()));
    return operator === "=" ? actual.includes(value) : !actual.includes(value);
  }
  if (actual === undefined || actual === null) return operator === "!=";
  if (operator === "~") return String(actual).toLowerCase().includes(value.toLowerCase());
  const [a, b] =
    node.field === "dateLastModified" ? [Date.parse(String(actual)), Date.parse(value)] : typeof actual === "boolean" ? [String(actual), value] : [String(actual), value];
  switch (operator) {
    case "=":
      return a === b;
    case "!=":
      return a !== b;
    case ">":
      return a > b;
    case ">=":
      return a >= b;
    case "<":
      return a < b;
    case "<=":
      return a <= b;
  }
}

describeEachEngine("query parameters, property-tested over HTTP", (database) => {
  let app: Express;
  let users: Json[] = [];

  before(async () => {
    await seedDemo(database().db, { tenantId: "default", students: 40, seed: 3 });
    app = routesAs(database());
    users = (await request(app).get(`${BASE}/users?limit=10000`)).body.users;
    assert.ok(users.length > 100);
  });

  const valuesOf = (field: Field): string[] => [
    ...new Set(users.flatMap((u) => (Array.isArray(u[field]) ? (u[field] as string[]) : u[field] === undefined ? [] : [String(u[field])]))),
  ];

  const comparison = (): fc.Arbitrary<FilterNode> =>
    fc.constantFrom(...FIELDS).chain((field) => {
      const known = valuesOf(field).length > 0 ? valuesOf(field) : ["Anna"];
      const value =
        field === "enabledUser"
          ? fc.constantFrom("true", "false")
          : field === "dateLastModified"
            ? fc.oneof(fc.constantFrom(...known), fc.date({ min: new Date("2026-01-01"), max: new Date("2027-12-31"), noInvalidDate: true }).map((d) => d.toISOString()))
            : fc.oneof(fc.constantFrom(...known), fc.constantFrom(...known).map((v) => v.slice(0, 3)), fc.string({ maxLength: 4 }));
      const operators: FilterOperator[] = field === "grades" ? ["=", "!=", "~"] : field === "enabledUser" ? ["=", "!="] : [...ORDERING, "~"];
      return fc.record({ kind: fc.constant("comparison" as const), field: fc.constant(field), operator: fc.constantFrom(...operators), value });
    });
  const filter: fc.Arbitrary<FilterNode> = fc.oneof(
    { weight: 3, arbitrary: comparison() },
    { weight: 1, arbitrary: fc.record({ kind: fc.constantFrom("and" as const, "or" as const), left: comparison(), right: comparison() }) },
  );

  it("returns exactly the records an in-memory evaluation of the filter selects", async () => {
    await fc.assert(
      fc.asyncProperty(filter, async (node) => {
        const response = await request(app).get(`${BASE}/users`).query({ filter: formatFilter(node), limit: "10000", fields: "sourcedId" });
        assert.equal(response.status, 200, `${formatFilter(node)} → ${response.text}`);
        const expected = users.filter((u) => matches(node, u)).map((u) => u.sourcedId);
        assert.deepEqual(
          response.body.users.map((u: Json) => u.sourcedId),
          expected,
          formatFilter(node),
        );
        assert.equal(response.headers["x-total-count"], String(expected.length));
      }),
      { numRuns: 150 },
    );
  });

  it("binds every filter value as a parameter, never as SQL text", () => {
    fc.assert(
      fc.property(fc.constantFrom(...TEXT_FIELDS), fc.constantFrom<FilterOperator>("=", "!=", "~"), fc.string({ minLength: 1, maxLength: 12 }), (field, operator, raw) => {
        const value = `zqx${raw}`;
        const node: FilterNode = { kind: "comparison", field, operator, value };
        const compiled = user.query(database().db).where(filterCondition(user, node)).compile();
        assert.ok(!compiled.sql.includes(value), compiled.sql);
        assert.ok(compiled.parameters.includes(value), `${value} not among ${JSON.stringify(compiled.parameters)}`);
      }),
      { numRuns: 300 },
    );
  });

  it("answers any filter, sort, fields, limit or offset string with 200 or 400, never 500", async () => {
    const text = fc.oneof(
      fc.string({ maxLength: 30 }),
      fc.string({ unit: fc.constantFrom(..."givenName=!<>~' ANDOR.sourcedId,-0123456789\\%;"), maxLength: 40 }),
    );
    const parameter = fc.constantFrom("filter", "sort", "fields", "limit", "offset", "orderBy");
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(parameter, text), { minLength: 1, maxLength: 4 }), async (pairs) => {
        const query = new URLSearchParams(pairs).toString();
        const response = await request(app).get(`${BASE}/users?${query}`);
        assert.ok(response.status === 200 || response.status === 400, `${query} → ${response.status} ${response.text}`);
        if (response.status === 200) assert.ok(Array.isArray(response.body.users));
        else assert.equal(response.body.statusInfoSet[0].imsx_codeMajor, "failure");
      }),
      { numRuns: 200 },
    );
  });
});
