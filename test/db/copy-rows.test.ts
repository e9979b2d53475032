import assert from "node:assert/strict";
import { before, it } from "node:test";
import { sql } from "kysely";
import { columnTypesOf } from "../../db/column-types.ts";
import { copyRows } from "../../db/copy-rows.ts";
import { dedicatedSession } from "../../db/dedicated-session.ts";
import { describeEachEngine } from "../helpers/databases.ts";

const AWKWARD = 'tab\there, new\nline, cr\r, back\\slash, "quotes" {braces} \\N 🦉';
const rows = [
  { id: 1, name: AWKWARD, grades: ["07", 'say "hi"', "a,b", "{x}", "NULL", "back\\slash", null, ""], metadata: { note: AWKWARD, list: [1, "two"] }, enabled: true, weight: 0.25, due: "2026-11-26" },
  { id: 2, name: null, grades: [], metadata: ["a", null], enabled: false, weight: 3, due: null },
  { id: 3, name: "\\.", grades: null, metadata: "just text", enabled: null, weight: null },
];

describeEachEngine("inserting rows with COPY", (database) => {
  before(async () => {
    await sql`create table copy_probe (id int primary key, name text, grades text[], metadata jsonb, enabled bool, weight float8 check (weight > 0), due date)`.execute(
      database().db,
    );
  });

  it("reads back exactly what the same rows give through json_populate_recordset (PostgreSQL; the embedded engine has no COPY session)", async (t) => {
    const { db, engine } = database();
    const session = await dedicatedSession(db);
    if (engine === "pglite") {
      assert.equal(session, undefined);
      return t.skip("the embedded engine inserts as json");
    }
    assert.ok(session);
    try {
      const columns = ["id", "name", "grades", "metadata", "enabled", "weight", "due"];
      await copyRows(session.client, "copy_probe", columns, rows, await columnTypesOf(session.db, "copy_probe", new Map()));
      const asJson = rows.map((r) => ({ ...r, id: r.id + 100 }));
      await sql`insert into copy_probe select * from json_populate_recordset(null::copy_probe, ${JSON.stringify(asJson)}::json)`.execute(session.db);
      const read = async (from: number) =>
        (await sql<Record<string, unknown>>`select name, grades, metadata, enabled, weight, due from copy_probe where id between ${from} and ${from + 99} order by id`.execute(db)).rows;
      const copied = await read(1);
      assert.deepEqual(copied, await read(101));
      assert.deepEqual(copied[0], { name: AWKWARD, grades: rows[0]!.grades, metadata: { note: AWKWARD, list: [1, "two"] }, enabled: true, weight: 0.25, due: "2026-11-26" });
      assert.deepEqual(copied[2], { name: "\\.", grades: null, metadata: "just text", enabled: null, weight: null, due: null });
    } finally {
      await session.release();
    }
  });

  it("fails with the server's error when a row breaks a constraint, and writes none of the rows (PostgreSQL)", async (t) => {
    const { db, engine } = database();
    if (engine === "pglite") return t.skip("the embedded engine inserts as json");
    const session = (await dedicatedSession(db))!;
    try {
      const types = await columnTypesOf(session.db, "copy_probe", new Map());
      await assert.rejects(
        copyRows(session.client, "copy_probe", ["id", "weight"], [{ id: 50, weight: 1 }, { id: 51, weight: -1 }], types),
        { code: "23514", message: /copy_probe_weight_check/ },
      );
      const { rows: found } = await sql`select id from copy_probe where id in (50, 51)`.execute(session.db);
      assert.deepEqual(found, []);
    } finally {
      await session.release();
    }
  });
});
