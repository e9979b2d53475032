import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CompiledQuery } from "kysely";
import { withLiterals } from "../../db/copy-csv-out.ts";

const query = (sql: string, parameters: unknown[]) => ({ ...CompiledQuery.raw(sql), parameters });

describe("withLiterals: a query's parameters written into its SQL, for COPY", () => {
  it("writes strings, numbers, booleans, null and arrays as literals, $10 apart from $1", () => {
    const parameters = ["it's", "back\\slash", 3, true, null, ["a", "b'c"], [], "x", "y", "ten"];
    const sql = "select $1, $2, $3, $4, $5, cast($6 as text[]), cast($7 as text[]), $8, $9, $10";
    assert.equal(
      withLiterals(query(sql, parameters)),
      "select 'it''s',  E'back\\\\slash', 3, true, null, cast(array['a', 'b''c'] as text[]), cast(array[] as text[]), 'x', 'y', 'ten'",
    );
  });

  it("refuses a placeholder without a parameter, a parameter without a placeholder and a value it cannot write", () => {
    assert.throws(() => withLiterals(query("select $1, $2", ["a"])), /\$2 has no parameter/);
    assert.throws(() => withLiterals(query("select $1", ["a", "b"])), /2 parameters, 1 of them in the SQL/);
    assert.throws(() => withLiterals(query("select $1", [new Date(0)])), /no literal for a parameter of type object/);
    assert.throws(() => withLiterals(query("select $1", [Number.NaN])), /no literal for a parameter of type number/);
  });
});
