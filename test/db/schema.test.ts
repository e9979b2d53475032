import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { sql } from "kysely";
import { LOAD_ORDER } from "../../db/bulk-load.ts";
import { LATEST_MIGRATION, currentMigration, migrateToLatest, migrations } from "../../db/migrator.ts";
import { describeEachEngine, withSchemaLock } from "../helpers/databases.ts";
import { ALL_TABLES, DATABASE_SET, EVERY_COLUMN } from "./every-column.ts";

const ENTITY_TABLES = LOAD_ORDER.filter((t) => "sourced_id" in EVERY_COLUMN[t]);

describeEachEngine(
  "migrations from an empty database",
  (database) => {
    it("apply every migration once and report the latest", async () => {
      const { db, schema, engine } = database();
      // The migrator looks at every schema's tables: other test files must not drop theirs meanwhile.
      const locked = <T>(work: () => Promise<T>) => (engine === "postgres" ? withSchemaLock(db, work) : work());
      assert.equal(await currentMigration(db, schema), null);
      assert.deepEqual(await locked(() => migrateToLatest(db, schema)), Object.keys(migrations));
      assert.equal(await currentMigration(db, schema), LATEST_MIGRATION);
      assert.deepEqual(await locked(() => migrateToLatest(db, schema)), []);
      const tenants = await db.selectFrom("tenants").select(["id"]).execute();
      assert.deepEqual(tenants, [{ id: "default" }]);
    });

    it("create every table of the Database type with exactly its columns", async () => {
      const { rows } = await sql<{ table_name: string; column_name: string }>`
        select table_name, column_name from information_schema.columns
        where table_schema = current_schema() and table_name not like 'kysely%'
        order by table_name, column_name`.execute(database().db);
      const actual = new Map<string, string[]>();
      for (const row of rows) actual.set(row.table_name, [...(actual.get(row.table_name) ?? []), row.column_name]);
      assert.deepEqual([...actual.keys()].sort(), [...ALL_TABLES].sort());
      for (const table of ALL_TABLES) {
        const expected = [...Object.keys(EVERY_COLUMN[table]), ...(DATABASE_SET[table] ?? [])];
        if (ENTITY_TABLES.includes(table)) expected.push("date_last_modified");
        assert.deepEqual(actual.get(table), expected.sort(), table);
      }
    });

    it("index every entity by (tenant_id, date_last_modified) and (tenant_id, status)", async () => {
      const { rows } = await sql<{ indexdef: string }>`
        select indexdef from pg_indexes where schemaname = current_schema()`.execute(database().db);
      const defs = rows.map((r) => r.indexdef.replace(/ USING btree/, ""));
      for (const table of ENTITY_TABLES) {
        for (const columns of ["tenant_id, date_last_modified", "tenant_id, status", "tenant_id, source_id"]) {
          const pattern = new RegExp(`ON (\\w+\\.)?${table} \\(${columns}\\)`);
          assert.ok(defs.some((d) => pattern.test(d)), `${table} (${columns})`);
        }
      }
    });
  },
  { migrate: false },
);

describeEachEngine("every column of every table", (database) => {
  it("reads back exactly what was written", async () => {
    const { db } = database();
    for (const table of ALL_TABLES) {
      await db.insertInto(table).values(EVERY_COLUMN[table] as never).execute();
    }
    for (const table of ALL_TABLES) {
      const written = EVERY_COLUMN[table] as Record<string, unknown>;
      const [keyColumn, key] = table === "tenants" ? ["id", "t1"] : table === "oauth_nonces" ? ["client_id", "client-1"] : ["tenant_id", "t1"];
      const read = (await db.selectFrom(table).selectAll().where(keyColumn as never, "=", key as never).execute()) as Array<Record<string, unknown>>;
      assert.equal(read.length, 1, table);
      const row = { ...read[0]! };
      for (const stamp of ["date_last_modified", ...(DATABASE_SET[table] ?? [])]) {
        if (stamp in row) {
          assert.ok(row[stamp] instanceof Date, `${table}.${stamp}`);
          delete row[stamp];
        }
      }
      const expected =
        table === "user_profiles"
          ? { ...written, credentials: JSON.parse(written.credentials as string) }
          : table === "sync_runs" || table === "export_runs"
            ? { ...written, warnings: JSON.parse(written.warnings as string) }
            : written;
      assert.deepEqual(row, expected, table);
    }
  });
});

describe("migration list", () => {
  it("ends with LATEST_MIGRATION", () => assert.equal(Object.keys(migrations).at(-1), LATEST_MIGRATION));
});
