import assert from "node:assert/strict";
import { it } from "node:test";
import { sql, type Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { runSync } from "../../src/sync/engine.ts";
import { listRuns } from "../../src/sync/run-record.ts";
import { SyncError } from "../../src/sync/types.ts";
import { asSnapshot, withGeneratedStudents, type SnapshotData } from "../fixtures/sync-snapshots.ts";
import { describeEachEngine } from "../helpers/databases.ts";
import { createTenant, dumpDiff, dumpTenant, sync } from "./helpers.ts";

/**
 * The small municipality with `count` more students, each enrolled in 7A, and three more classes. Among the users a
 * student and a guardian name each other, and the first generated students name a guardian listed after them and one
 * the snapshot does not have.
 */
function municipality(count: number): SnapshotData {
  const data = withGeneratedStudents(count);
  const generated = data.users.filter((u) => u.sourcedId.startsWith("user-gen-"));
  if (generated[0]) generated[0].agentSourcedIds = ["user-g1"];
  if (generated[1]) generated[1].agentSourcedIds = ["user-g1", "user-missing"];
  const guardian = data.users.findIndex((u) => u.sourcedId === "user-g1");
  data.users.push(...data.users.splice(guardian, 1));
  for (const n of [1, 2, 3]) data.classes.push({ ...data.classes[0]!, sourcedId: `class-extra-${n}`, title: `Extra ${n}` });
  for (const user of data.users.filter((u) => u.sourcedId.startsWith("user-gen-"))) {
    const school = user.orgSourcedIds[0]!;
    data.enrollments.push({ sourcedId: `enr-${user.sourcedId}`, classSourcedId: "class-7a", schoolSourcedId: school, userSourcedId: user.sourcedId, role: "student" });
  }
  return data;
}

/** Every roster row of a tenant without what differs between tenants and runs (tenant, creation and modification times). */
async function content(db: Kysely<Database>, tenantId: string): Promise<Record<string, string[]>> {
  const dump = await dumpTenant(db, tenantId);
  return Object.fromEntries(
    Object.entries(dump).map(([table, rows]) => [
      table,
      rows
        .map((row) => {
          const { tenant_id: _tenant, date_last_modified: _modified, created_at: _created, ...rest } = JSON.parse(row) as Record<string, unknown>;
          return JSON.stringify(rest);
        })
        .sort(),
    ]),
  );
}

async function enrollmentCount(db: Kysely<Database>, tenantId: string): Promise<number> {
  const { rows } = await sql<{ n: string }>`select count(*) as n from enrollments where tenant_id = ${tenantId}`.execute(db);
  return Number(rows[0]!.n);
}

describeEachEngine("sync: rows written in pieces as they are planned", (database) => {
  it("stores, counts and samples exactly what one piece would", async () => {
    const { db } = database();
    await createTenant(db, "whole");
    await createTenant(db, "pieces");
    const whole = await sync(db, "whole", municipality(40));
    const inserts: Record<string, number[]> = {};
    const pieces = await sync(db, "pieces", municipality(40), {
      handOverRows: 3,
      // Enrollments and user links from their second row on are checked at their entity's end, not per statement.
      refsAtEndFrom: 2,
      changeSample: 1000,
      onProgress: (p) => {
        if (p.phase === "apply" && p.step === "insert") (inserts[p.entity] ??= []).push(p.rows);
      },
    });
    assert.equal(pieces.status, "succeeded");
    assert.deepEqual(pieces.counts, whole.counts);
    assert.deepEqual(pieces.warnings, whole.warnings);
    assert.deepEqual(
      pieces.warnings.map((w) => `${w.sourcedId}: ${w.why}`),
      ['user-gen-0002: agentSourcedIds refers to users "user-missing", which the tenant does not have; the link is left out'],
    );
    assert.equal(pieces.counts.enrollments.created, 47);
    assert.equal(pieces.counts.classes.created, 6);
    assert.deepEqual(
      pieces.changes.enrollments.map((c) => c.sourcedId),
      municipality(40).enrollments.map((e) => e.sourcedId),
      "every created enrollment, in the snapshot's order",
    );
    assert.deepEqual(await content(db, "pieces"), await content(db, "whole"));
    // Users go as they are read, also those naming a guardian not read yet; the links between users (agents) are
    // written once all users are, without the one to the guardian that never came.
    assert.deepEqual(inserts.enrollments, [3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 2]);
    assert.ok(inserts.users!.length > 5, `users in ${inserts.users!.length} pieces`);
    assert.ok(inserts.users![0]! >= 3, "the first users are written before the guardian they name is read");
    assert.equal(inserts.users!.reduce((a, b) => a + b, 0), pieces.counts.users.created);
    const agents = await db.selectFrom("user_agents").select(["user_sourced_id", "agent_sourced_id"]).where("tenant_id", "=", "pieces").orderBy("user_sourced_id").execute();
    assert.deepEqual(agents, [
      { user_sourced_id: "user-g1", agent_sourced_id: "user-s1" },
      { user_sourced_id: "user-gen-0001", agent_sourced_id: "user-g1" },
      { user_sourced_id: "user-gen-0002", agent_sourced_id: "user-g1" },
      { user_sourced_id: "user-s1", agent_sourced_id: "user-g1" },
    ]);
    // The digest stored for the student who lost a link after being written is the one the same snapshot gives again.
    const again = await sync(db, "pieces", municipality(40), { handOverRows: 3 });
    assert.deepEqual(again.counts.users, { created: 0, updated: 0, unchanged: pieces.counts.users.created, removed: 0, skipped: 0 });
  });

  it("checks references against records already written, and skips those whose record was skipped", async () => {
    const { db } = database();
    await createTenant(db, "refs");
    const data = municipality(4);
    data.classes.push({ ...data.classes[0]!, sourcedId: "class-broken", courseSourcedId: "course-none" });
    data.classes.push({ ...data.classes[0]!, sourcedId: "class-late", title: "Sent" });
    data.enrollments.push({ sourcedId: "enr-broken", classSourcedId: "class-broken", schoolSourcedId: "org-bjork", userSourcedId: "user-s1", role: "student" });
    data.enrollments.push({ sourcedId: "enr-late", classSourcedId: "class-late", schoolSourcedId: "org-bjork", userSourcedId: "user-s1", role: "student" });
    const result = await sync(db, "refs", data, { handOverRows: 2 });
    assert.equal(result.counts.classes.created, 7);
    assert.equal(result.counts.classes.skipped, 1);
    assert.equal(result.counts.enrollments.created, 12);
    assert.equal(result.counts.enrollments.skipped, 1);
    assert.deepEqual(
      result.warnings.filter((w) => w.sourcedId === "class-broken" || w.sourcedId === "enr-broken"),
      [
        { entity: "classes", sourcedId: "class-broken", why: 'courseSourcedId refers to courses "course-none", which the tenant does not have' },
        { entity: "enrollments", sourcedId: "enr-broken", why: 'classSourcedId refers to classes "class-broken", which the tenant does not have' },
      ],
    );
  });

  it("rolls back the pieces already written when the source fails later, and records the run as failed", async () => {
    const { db } = database();
    await createTenant(db, "fails");
    await sync(db, "fails", municipality(2));
    const before = await dumpTenant(db, "fails");
    const data = municipality(30);
    const snapshot = asSnapshot(data);
    snapshot.enrollments = (async function* () {
      yield* data.enrollments;
      throw new Error("SS 12000 API answered 503 (injected)");
    })();
    const error = await runSync(db, { tenantId: "fails", sourceId: "ss12000", sourceKind: "ss12000", mode: "full", snapshot, handOverRows: 4 }).catch((e: unknown) => e);
    assert.ok(error instanceof SyncError, String(error));
    assert.match(error.message, /503 \(injected\)/);
    assert.deepEqual(dumpDiff(before, await dumpTenant(db, "fails")), []);
    assert.equal(await enrollmentCount(db, "fails"), 9);
    assert.equal((await listRuns(db, "fails"))[0]?.status, "failed");
  });

  it("fails with the database's error when a piece written while the next is planned is refused, and rolls back", async () => {
    const { db } = database();
    await createTenant(db, "refused");
    await sync(db, "refused", municipality(2));
    const before = await dumpTenant(db, "refused");
    await sql`create function refuse_gen_17() returns trigger language plpgsql as $$
      begin
        if new.tenant_id = 'refused' and new.sourced_id = 'user-gen-0017' then raise exception 'user-gen-0017 refused (injected)'; end if;
        return new;
      end $$`.execute(db);
    await sql`create trigger refuse_gen_17 before insert on users for each row execute function refuse_gen_17()`.execute(db);
    try {
      const written: number[] = [];
      const error = await runSync(db, {
        tenantId: "refused",
        sourceId: "ss12000",
        sourceKind: "ss12000",
        mode: "full",
        snapshot: asSnapshot(municipality(30)),
        handOverRows: 4,
        onProgress: (p) => p.phase === "apply" && p.entity === "users" && p.step === "insert" && written.push(p.rows),
      }).catch((e: unknown) => e);
      assert.ok(error instanceof SyncError, String(error));
      assert.match(error.message, /user-gen-0017 refused \(injected\)/);
      assert.ok(written.length >= 1, "pieces before the refused one were written");
      assert.deepEqual(dumpDiff(before, await dumpTenant(db, "refused")), []);
      assert.equal((await listRuns(db, "refused"))[0]?.status, "failed");
    } finally {
      await sql`drop trigger refuse_gen_17 on users`.execute(db);
      await sql`drop function refuse_gen_17()`.execute(db);
    }
  });

  it("rolls back the pieces already written when the mass-delete guard stops the run", async () => {
    const { db } = database();
    await createTenant(db, "guarded");
    await sync(db, "guarded", municipality(100));
    const before = await dumpTenant(db, "guarded");
    const data = municipality(100);
    data.users = data.users.filter((u) => !u.sourcedId.startsWith("user-gen-00"));
    data.enrollments = data.enrollments.filter((e) => !e.userSourcedId.startsWith("user-gen-00"));
    data.classes[1]!.title = "MA 7A (ny)";
    for (let n = 1; n <= 20; n++) data.enrollments.push({ sourcedId: `enr-new-${n}`, classSourcedId: "class-extra-1", schoolSourcedId: "org-bjork", userSourcedId: "user-s1", role: "student" });
    const result = await sync(db, "guarded", data, { handOverRows: 5, guard: { minimum: 50 } });
    assert.equal(result.status, "stopped");
    assert.equal(result.counts.users.removed, 99);
    assert.equal(result.counts.enrollments.created, 20);
    assert.equal(result.counts.classes.updated, 1);
    assert.deepEqual(dumpDiff(before, await dumpTenant(db, "guarded")), []);
  });

  it("writes nothing in a dry run, however many pieces it counts", async () => {
    const { db } = database();
    await createTenant(db, "dry");
    const result = await sync(db, "dry", municipality(20), { dryRun: true, handOverRows: 3 });
    assert.equal(result.counts.enrollments.created, 27);
    assert.equal(await enrollmentCount(db, "dry"), 0);
    assert.deepEqual(await listRuns(db, "dry"), []);
  });
});
