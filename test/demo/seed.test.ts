import assert from "node:assert/strict";
import { it } from "node:test";
import { sql } from "kysely";
import { bulkLoad, type RowFor } from "../../db/bulk-load.ts";
import type { TableName } from "../../db/schema.ts";
import { seedDemo, tenantHasData } from "../../src/demo/seed.ts";
import { describeEachEngine } from "../helpers/databases.ts";

async function count(db: Parameters<typeof tenantHasData>[0], table: TableName): Promise<number> {
  const { rows } = await sql<{ n: string }>`select count(*) as n from ${sql.table(table)}`.execute(db);
  return Number(rows[0]!.n);
}

describeEachEngine("seeding the demo municipality", (database) => {
  let counts: Partial<Record<TableName, number>> = {};

  it("loads every generated row and reports the counts", async () => {
    const progress: number[] = [];
    assert.equal(await tenantHasData(database().db, "default"), false);
    counts = await seedDemo(database().db, { tenantId: "default", students: 500, seed: 1, batchRows: 3000, onProgress: (n) => progress.push(n) });
    assert.equal(await tenantHasData(database().db, "default"), true);
    for (const [table, n] of Object.entries(counts)) assert.equal(await count(database().db, table as TableName), n, table);
    assert.equal(counts.users! > 500 && counts.enrollments! > 5000, true);
    assert.ok(progress.length >= 3, "progress is reported per batch");
    assert.deepEqual(progress, [...progress].sort((a, b) => a - b));
  });

  it("is referentially whole in the database", async () => {
    const { db } = database();
    const check = async (label: string, query: ReturnType<typeof sql<{ n: string }>>) =>
      assert.equal(Number((await query.execute(db)).rows[0]!.n), 0, label);
    await check("enrollment school = class school", sql`select count(*) as n from enrollments e join classes c using (tenant_id) where c.sourced_id = e.class_sourced_id and c.school_sourced_id <> e.school_sourced_id`);
    await check("class without a term", sql`select count(*) as n from classes c where not exists (select 1 from class_terms t where t.tenant_id = c.tenant_id and t.class_sourced_id = c.sourced_id)`);
    await check("term outside the school year", sql`select count(*) as n from academic_sessions t left join academic_sessions y on y.tenant_id = t.tenant_id and y.sourced_id = t.parent_sourced_id where t.type = 'term' and (y.type is distinct from 'schoolYear' or t.start_date < y.start_date or t.end_date > y.end_date)`);
    await check("user without an org", sql`select count(*) as n from users u where not exists (select 1 from user_orgs o where o.tenant_id = u.tenant_id and o.user_sourced_id = u.sourced_id)`);
    await check("guardian of nobody", sql`select count(*) as n from users g where g.role = 'guardian' and not exists (select 1 from user_agents a join users s on s.tenant_id = a.tenant_id and s.sourced_id = a.user_sourced_id where a.tenant_id = g.tenant_id and a.agent_sourced_id = g.sourced_id and s.role = 'student')`);
  });

  it("refuses to seed the same tenant twice and leaves its rows as they were", async () => {
    await assert.rejects(
      seedDemo(database().db, { tenantId: "default", students: 500, seed: 1 }),
      /tenant default already holds a demo municipality/,
    );
    for (const [table, n] of Object.entries(counts)) assert.equal(await count(database().db, table as TableName), n, table);
  });

  it("loads a second tenant beside the first, with the same sourcedIds kept apart", async () => {
    const second = await seedDemo(database().db, { tenantId: "other", students: 500, seed: 1 });
    assert.deepEqual(second, counts);
    const { rows } = await sql<{ n: string }>`select count(*) as n from users where tenant_id = 'other'`.execute(database().db);
    assert.equal(Number(rows[0]!.n), counts.users);
  });

  it("bulk-loads more rows than one statement may carry parameters for", async () => {
    const { db } = database();
    await db.insertInto("sources").values({ tenant_id: "default", id: "bulk", kind: "test" }).execute();
    function* rows(): Generator<RowFor> {
      for (let i = 0; i < 12_000; i++) {
        yield { table: "categories", row: { tenant_id: "default", source_id: "bulk", sourced_id: `cat-${i}`, title: `Kategori ${i}` } };
      }
    }
    const loaded = await bulkLoad(db, rows(), { batchRows: 50_000 });
    assert.deepEqual(loaded, { categories: 12_000 });
    const bulk = await db.selectFrom("categories").select((eb) => eb.fn.countAll<string>().as("n")).where("source_id", "=", "bulk").executeTakeFirstOrThrow();
    assert.equal(Number(bulk.n), 12_000);
  });

  it("writes nothing of a batch that fails, and says why", async () => {
    const { db } = database();
    function* bad(): Generator<RowFor> {
      yield { table: "categories", row: { tenant_id: "default", source_id: "bulk", sourced_id: "ok-1", title: "OK" } };
      yield { table: "categories", row: { tenant_id: "default", source_id: "no-such-source", sourced_id: "bad-1", title: "Bad" } };
    }
    await assert.rejects(bulkLoad(db, bad()), /foreign key/);
    const { rows } = await sql<{ n: string }>`select count(*) as n from categories where sourced_id in ('ok-1', 'bad-1')`.execute(db);
    assert.equal(Number(rows[0]!.n), 0);
  });
});
