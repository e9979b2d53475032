import assert from "node:assert/strict";
import { after, before, it } from "node:test";
import { describeEachEngine } from "../../helpers/databases.ts";
import { startFakeSs12000, type FakeSs12000 } from "../../fakes/ss12000/server.ts";
import { dumpDiff, dumpTenant } from "../../sync/helpers.ts";
import { TOKEN, importFrom } from "./helpers.ts";

/** "table status sourcedId" of each changed row, sorted: what a run changed, whatever the columns. */
function changedRows(diff: string[]): string[] {
  return [...new Set(diff.map((line) => {
    const [, table, json] = /^[-+] (\w+): (.*)$/.exec(line)!;
    const row = JSON.parse(json!) as { sourced_id?: string; user_sourced_id?: string; class_sourced_id?: string };
    return `${table} ${row.sourced_id ?? `${row.user_sourced_id ?? ""}→${row.class_sourced_id ?? ""}`}`;
  }))].sort();
}

describeEachEngine("SS 12000 delta import", (database) => {
  let fake: FakeSs12000;
  before(async () => {
    fake = await startFakeSs12000({ students: 60, seed: 11, staticToken: TOKEN });
    await importFrom(database().db, fake);
  });
  after(() => fake.close());

  it("after renaming a group, moving a student and deleting a teacher, changes exactly those rows", async () => {
    const { db } = database();
    const before = await dumpTenant(db, "t");
    const since = fake.clock.now();
    const data = fake.state.data;
    const klass = [...data.groups.values()].filter((g) => g.groupType === "Klass" && g.groupMemberships.length > 0);
    const [renamed, from, to] = [klass[0]!, klass[1]!, klass[2]!];
    const mover = from.groupMemberships.find((m) => m.person.securityMarking === "Ingen" && !fake.state.special.emigrated.includes(m.person.id) && !fake.state.special.deceased.includes(m.person.id))!.person.id;
    const teacherDuty = [...data.duties.values()].find((d) => d.dutyRole === "Lärare" && !(d.assignmentRole?.length))!;
    const teacher = teacherDuty.person.id;
    const teacherClasses = (await db.selectFrom("enrollments").select("sourced_id").where("user_sourced_id", "=", teacher).execute()).length;
    assert.ok(teacherClasses > 0);

    fake.rename(renamed.id, "Bytt namn 9Ö");
    fake.movePerson(mover, from.id, to.id);
    fake.remove("persons", teacher);
    const result = await importFrom(db, fake, { delta: true, since });
    assert.equal(result.status, "succeeded");
    assert.equal(result.mode, "delta");

    const changed = changedRows(dumpDiff(before, await dumpTenant(db, "t")));
    const renamedRow = await db.selectFrom("classes").select(["title", "status"]).where("sourced_id", "=", renamed.id).executeTakeFirstOrThrow();
    assert.deepEqual(renamedRow, { title: "Bytt namn 9Ö", status: "active" });
    assert.equal((await db.selectFrom("users").select("status").where("sourced_id", "=", teacher).executeTakeFirstOrThrow()).status, "tobedeleted");
    const moverEnrollments = await db
      .selectFrom("enrollments")
      .select(["class_sourced_id", "status"])
      .where("user_sourced_id", "=", mover)
      .where("class_sourced_id", "in", [from.id, to.id])
      .orderBy("status")
      .execute();
    assert.deepEqual(moverEnrollments, [
      { class_sourced_id: to.id, status: "active" },
      { class_sourced_id: from.id, status: "tobedeleted" },
    ]);
    const teacherEnrollments = await db.selectFrom("enrollments").select("status").where("user_sourced_id", "=", teacher).execute();
    assert.ok(teacherEnrollments.every((e) => e.status === "tobedeleted"));
    // Exactly: the renamed class, the classes the mover left and joined (their grades may follow their pupils), the
    // teacher and the teacher's enrollments, and the mover's two enrollments — nothing else.
    const allowed = new Set([`classes ${renamed.id}`, `classes ${from.id}`, `classes ${to.id}`, `users ${teacher}`]);
    const enrollmentIds = new Set(
      (await db.selectFrom("enrollments").select("sourced_id").where((eb) => eb.or([eb("user_sourced_id", "=", teacher), eb("user_sourced_id", "=", mover)])).execute()).map((e) => `enrollments ${e.sourced_id}`),
    );
    const unexpected = changed.filter((c) => !allowed.has(c) && !enrollmentIds.has(c));
    assert.deepEqual(unexpected, []);
    assert.equal(result.counts.enrollments.removed, teacherClasses + 1);
    assert.equal(result.counts.enrollments.created, 1);
    assert.equal(result.counts.users.removed, 1);
  });

  it("leaves the database as a full import of the same source would", async () => {
    const { db } = database();
    const result = await importFrom(db, fake);
    for (const [entity, c] of Object.entries(result.counts)) {
      assert.equal(c.created + c.updated + c.removed + c.skipped, 0, `${entity}: ${JSON.stringify(c)}`);
    }
  });

  it("takes the last successful run as the base when no time is given, and refuses a delta without one", async () => {
    const { db } = database();
    const result = await importFrom(db, fake, { delta: true });
    assert.equal(result.status, "succeeded");
    for (const c of Object.values(result.counts)) assert.equal(c.created + c.updated + c.removed, 0);
    await assert.rejects(importFrom(db, fake, { delta: true, sourceId: "never-ran" }), /has no successful run yet: run a full import first/);
  });
});
