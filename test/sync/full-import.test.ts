import assert from "node:assert/strict";
import { it } from "node:test";
import { listRuns } from "../../src/sync/run-record.ts";
import { rowCount, smallSnapshot } from "../fixtures/sync-snapshots.ts";
import { describeEachEngine } from "../helpers/databases.ts";
import { createTenant, dumpDiff, dumpTenant, rowOf, sync } from "./helpers.ts";

const T = "full";

describeEachEngine("sync: full imports", (database) => {
  it("insert exactly the snapshot's rows into an empty tenant", async () => {
    const { db } = database();
    await createTenant(db, T);
    const result = await sync(db, T, smallSnapshot());
    assert.equal(result.status, "succeeded");
    assert.deepEqual(result.warnings, []);
    assert.deepEqual(result.counts.users, { created: 7, updated: 0, unchanged: 0, removed: 0, skipped: 0 });
    const created = Object.values(result.counts).reduce((sum, c) => sum + c.created, 0);
    assert.equal(created, rowCount(smallSnapshot()));

    const dump = await dumpTenant(db, T);
    const sizes = Object.fromEntries(Object.entries(dump).map(([table, rows]) => [table, rows.length]).filter(([, n]) => n));
    assert.deepEqual(sizes, {
      sources: 1,
      orgs: 3,
      academic_sessions: 3,
      courses: 2,
      classes: 3,
      class_terms: 4,
      users: 7,
      user_orgs: 7,
      user_agents: 2,
      user_ids: 1,
      user_roles: 2,
      user_profiles: 1,
      demographics: 2,
      enrollments: 7,
    });
    const klass = await rowOf(db, "classes", T, "class-ma7a");
    assert.equal(klass.title, "MA 7A");
    assert.equal(klass.location, "Sal 204");
    assert.deepEqual(klass.periods, ["1", "3"]);
    assert.equal(klass.status, "active");
    assert.equal(klass.source_id, "ss12000");
    const guardian = await rowOf(db, "users", T, "user-g1");
    assert.equal(guardian.enabled_user, false);
    assert.equal(guardian.role, "guardian");
    const terms = await db.selectFrom("class_terms").select(["term_sourced_id", "ordinal"]).where("tenant_id", "=", T).where("class_sourced_id", "=", "class-7a").orderBy("ordinal").execute();
    assert.deepEqual(terms, [{ term_sourced_id: "as-ht", ordinal: 0 }, { term_sourced_id: "as-vt", ordinal: 1 }]);

    const [run] = await listRuns(db, T);
    assert.equal(run?.id, result.runId);
    assert.equal(run?.status, "succeeded");
    assert.deepEqual(run?.counts, result.counts);
    assert.ok(run?.finishedAt instanceof Date);
  });

  it("change nothing when the same snapshot comes again: every date_last_modified stays", async () => {
    const { db } = database();
    const before = await dumpTenant(db, T);
    const result = await sync(db, T, smallSnapshot());
    assert.equal(result.status, "succeeded");
    for (const [entity, counts] of Object.entries(result.counts)) {
      assert.equal(counts.created + counts.updated + counts.removed + counts.skipped, 0, entity);
    }
    assert.equal(result.counts.enrollments.unchanged, 7);
    assert.deepEqual(dumpDiff(before, await dumpTenant(db, T)), []);
  });

  it("update exactly the one renamed class", async () => {
    const { db } = database();
    const before = await dumpTenant(db, T);
    const oldRow = await rowOf(db, "classes", T, "class-ma7a");
    const data = smallSnapshot();
    data.classes[1]!.title = "MA 7A (grupp 1)";
    const result = await sync(db, T, data);
    assert.deepEqual(result.counts.classes, { created: 0, updated: 1, unchanged: 2, removed: 0, skipped: 0 });
    assert.deepEqual(result.changes.classes, [{ action: "update", sourcedId: "class-ma7a" }]);
    const diff = dumpDiff(before, await dumpTenant(db, T));
    assert.equal(diff.length, 2, diff.join("\n"));
    assert.ok(diff.every((line) => line.includes('"sourced_id":"class-ma7a"') && line.includes("classes:")));
    const row = await rowOf(db, "classes", T, "class-ma7a");
    assert.equal(row.title, "MA 7A (grupp 1)");
    assert.ok((row.date_last_modified as Date) > (oldRow.date_last_modified as Date));
  });

  it("write every kind of column in an update as a create would, so the next identical run finds nothing to do", async () => {
    const { db } = database();
    await createTenant(db, "full-typed");
    await sync(db, "full-typed", smallSnapshot());
    const data = smallSnapshot();
    const awkward = `O'Brien "den\\ förste",\n\t😀 {a,b}`;
    Object.assign(data.users[0]!, { metadata: { "se.exempelby": { a: "ä", b: [1, 2.5, null] } }, grades: ["08", "09"], enabledUser: false, middleName: awkward });
    Object.assign(data.academicSessions[1]!, { endDate: "2026-12-23", orgSourcedId: "org-district" });
    Object.assign(data.enrollments[0]!, { primary: false, beginDate: "2026-08-20" });
    data.demographics[0]!.white = true;
    const result = await sync(db, "full-typed", data);
    for (const entity of ["users", "academicSessions", "enrollments", "demographics"] as const) assert.equal(result.counts[entity].updated, 1, entity);
    const user = await rowOf(db, "users", "full-typed", "user-t1");
    assert.deepEqual(user.metadata, { "se.exempelby": { a: "ä", b: [1, 2.5, null] } });
    assert.deepEqual(user.grades, ["08", "09"]);
    assert.equal(user.enabled_user, false);
    assert.equal(user.middle_name, awkward);
    assert.equal((await rowOf(db, "academic_sessions", "full-typed", "as-ht")).end_date, "2026-12-23");
    assert.equal((await rowOf(db, "enrollments", "full-typed", "enr-1")).primary, false);
    const again = await sync(db, "full-typed", data);
    for (const [entity, counts] of Object.entries(again.counts)) assert.equal(counts.updated + counts.created, 0, entity);
  });

  it("update a user whose child rows (orgs) alone changed", async () => {
    const { db } = database();
    const data = smallSnapshot();
    data.classes[1]!.title = "MA 7A (grupp 1)";
    data.users[3]!.orgSourcedIds = ["org-bjork", "org-ek"];
    const before = await dumpTenant(db, T);
    const result = await sync(db, T, data);
    assert.deepEqual(result.counts.users, { created: 0, updated: 1, unchanged: 6, removed: 0, skipped: 0 });
    const diff = dumpDiff(before, await dumpTenant(db, T));
    assert.deepEqual(diff.map((l) => l.slice(0, l.indexOf(":"))).sort(), ["+ user_orgs", "+ users", "- users"]);
  });

  it("find rows written before rows kept their digest unchanged by their content, and store the digest", async () => {
    const { db } = database();
    await createTenant(db, "full-legacy");
    await sync(db, "full-legacy", smallSnapshot());
    const tables = ["orgs", "academic_sessions", "courses", "classes", "users", "demographics", "enrollments"] as const;
    const digests = async () => Object.fromEntries(await Promise.all(tables.map(async (t) => [t, (await db.selectFrom(t).select(["sourced_id", "sync_hash"]).where("tenant_id", "=", "full-legacy").orderBy("sourced_id").execute())])));
    const stored = await digests();
    for (const table of tables) await db.updateTable(table).set({ sync_hash: null }).where("tenant_id", "=", "full-legacy").execute();
    const before = await dumpTenant(db, "full-legacy");
    const result = await sync(db, "full-legacy", smallSnapshot());
    for (const [entity, counts] of Object.entries(result.counts)) assert.equal(counts.created + counts.updated + counts.removed + counts.skipped, 0, entity);
    assert.equal(result.counts.users.unchanged, 7);
    assert.deepEqual(await digests(), stored);
    const withoutDigests = (dump: Record<string, string[]>) =>
      Object.fromEntries(Object.entries(dump).map(([table, rows]) => [table, rows.map((row) => JSON.stringify({ ...JSON.parse(row), sync_hash: undefined }))]));
    assert.deepEqual(withoutDigests(await dumpTenant(db, "full-legacy")), withoutDigests(before), "every other column, date_last_modified included, stays");
  });

  it("date a user whose only change is a first child row of a kind (a guardian), and no other user", async () => {
    const { db } = database();
    await createTenant(db, "full-dates");
    const data = smallSnapshot();
    await sync(db, "full-dates", data);
    await db.updateTable("users").set({ date_last_modified: new Date("2020-01-01T00:00:00.000Z") }).where("tenant_id", "=", "full-dates").execute();
    data.users.find((u) => u.sourcedId === "user-s2")!.agentSourcedIds = ["user-g1"];
    const result = await sync(db, "full-dates", data);
    assert.deepEqual(result.counts.users, { created: 0, updated: 1, unchanged: 6, removed: 0, skipped: 0 });
    const dated = await db.selectFrom("users").select("sourced_id").where("tenant_id", "=", "full-dates").where("date_last_modified", ">", new Date("2020-01-01T00:00:00.000Z")).execute();
    assert.deepEqual(dated.map((u) => u.sourced_id), ["user-s2"]);
  });

  it("mark a record missing from a full snapshot tobedeleted, and make it active again when it returns", async () => {
    const { db } = database();
    const data = smallSnapshot();
    data.classes[1]!.title = "MA 7A (grupp 1)";
    data.users[3]!.orgSourcedIds = ["org-bjork", "org-ek"];
    const full = structuredClone(data);
    data.enrollments = data.enrollments.filter((e) => e.sourcedId !== "enr-7");
    const before = await dumpTenant(db, T);
    const removed = await sync(db, T, data);
    assert.deepEqual(removed.counts.enrollments, { created: 0, updated: 0, unchanged: 6, removed: 1, skipped: 0 });
    const diff = dumpDiff(before, await dumpTenant(db, T));
    assert.equal(diff.length, 2, diff.join("\n"));
    assert.ok(diff.every((l) => l.includes('"sourced_id":"enr-7"')));
    assert.equal((await rowOf(db, "enrollments", T, "enr-7")).status, "tobedeleted");

    const again = await sync(db, T, data);
    assert.equal(again.counts.enrollments.removed, 0, "a row already tobedeleted is not removed twice");

    const back = await sync(db, T, full);
    assert.deepEqual(back.counts.enrollments, { created: 0, updated: 1, unchanged: 6, removed: 0, skipped: 0 });
    assert.equal((await rowOf(db, "enrollments", T, "enr-7")).status, "active");
  });
});
