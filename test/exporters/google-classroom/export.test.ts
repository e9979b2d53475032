import assert from "node:assert/strict";
import { after, before, it } from "node:test";
import { runClassroomExport } from "../../../exporters/google-classroom/exporter.ts";
import { describeEachEngine } from "../../helpers/databases.ts";
import { startFakeGoogle, type FakeGoogle } from "../../fakes/google/server.ts";
import { addFixtureUsers, alias, CLASSES, EMAIL, expectedTarget, fakeClient, fakeSettings, FIRST_RUN_WRITES, loadClassroomTenant, NO_EMAIL } from "./fixture.ts";

const context = { tenantId: "default", targetId: "classroom", dryRun: false };

describeEachEngine("Google Classroom export against the fake", (database) => {
  let fake: FakeGoogle;
  before(async () => {
    fake = await startFakeGoogle();
    addFixtureUsers(fake);
    await loadClassroomTenant(database().db);
  });
  after(() => fake.close());

  const run = (today: string) => {
    const settings = fakeSettings(fake);
    return runClassroomExport(database().db, settings, context, { client: fakeClient(fake, settings), today });
  };
  const writesSince = (before: number) =>
    fake.requests
      .slice(before)
      .filter((r) => r.method !== "GET" && !r.path.startsWith("/batch/"))
      .map((r) => `${r.method} ${r.path} ${r.status}`);

  it("a first run creates exactly the courses (by alias, owned by the primary teacher) and rosters", async () => {
    const result = await run("2026-11-25");
    assert.deepEqual(fake.state.summary(), expectedTarget());
    assert.equal(fake.writeCalls(), FIRST_RUN_WRITES);
    assert.ok(fake.requests.filter((r) => r.method !== "GET" && !r.path.startsWith("/batch/")).every((r) => r.inBatch), "every write went through the batch endpoint");
    assert.equal(fake.state.summary()[alias(CLASSES.math1)]?.owner, EMAIL("t-bo"), "the primary teacher owns the course");
    assert.deepEqual(result.outcome.counts, { courses: { created: 4 }, teachers: { added: 1 }, students: { added: 14 } });
    assert.deepEqual(result.outcome.warnings, [{ entity: "users", sourcedId: NO_EMAIL, why: "no Google account with its e-mail: left out of its courses" }]);
    assert.deepEqual(fake.grants, [fake.adminSubject], "one JWT grant, acting as the admin");
    const rows = await database().db.selectFrom("export_state").select(["entity"]).where("target_id", "=", "classroom").execute();
    const byEntity: Record<string, number> = {};
    for (const { entity } of rows) byEntity[entity] = (byEntity[entity] ?? 0) + 1;
    assert.deepEqual(byEntity, { course: 4, "course-members": 4, user: 8 });
    const run0 = await database().db.selectFrom("export_runs").select(["status", "target_kind"]).where("id", "=", result.runId).executeTakeFirstOrThrow();
    assert.deepEqual(run0, { status: "succeeded", target_kind: "classroom" });
  });

  it("a second identical run makes zero write calls (and no Classroom calls at all)", async () => {
    const before = fake.requests.length;
    const result = await run("2026-11-26");
    assert.equal(fake.requests.length - before, 0);
    assert.equal(result.plan.changes.length, 0);
    assert.deepEqual(result.outcome.counts, {});
  });

  it("moving a student between groups yields exactly one remove and one add", async () => {
    const db = database().db;
    await db.updateTable("enrollments").set({ status: "tobedeleted" }).where("sourced_id", "=", `e-${CLASSES.math1}-s-1`).execute();
    await db
      .insertInto("enrollments")
      .values({ tenant_id: "default", source_id: "fixture", sourced_id: "e-moved-s-1", class_sourced_id: CLASSES.math2, user_sourced_id: "s-1", role: "student", school_sourced_id: "school-1" })
      .execute();
    const before = fake.requests.length;
    const result = await run("2026-11-27");
    const math1 = fake.state.course(alias(CLASSES.math1))!;
    const math2 = fake.state.course(alias(CLASSES.math2))!;
    assert.deepEqual(writesSince(before), [`POST /v1/courses/${math2.id}/students 200`, `DELETE /v1/courses/${math1.id}/students/g-s-1 200`]);
    assert.deepEqual(result.outcome.counts, { students: { added: 1, removed: 1 } });
    assert.equal(math1.students.has("g-s-1"), false);
    assert.equal(math2.students.has("g-s-1"), true);
    const reads = fake.requests.slice(before).filter((r) => r.method === "GET").map((r) => r.path).sort();
    assert.deepEqual(reads, [`/v1/courses/${math1.id}/students`, `/v1/courses/${math1.id}/teachers`, `/v1/courses/${math2.id}/students`, `/v1/courses/${math2.id}/teachers`].sort(), "only the two changed courses were read");
    const rerun = fake.requests.length;
    await run("2026-11-28");
    assert.equal(fake.requests.length, rerun, "and the night after, nothing");
  });

  it("a term ending archives exactly that term's courses (never deleted), and a class that comes back is ACTIVE again", async () => {
    const english = fake.state.course(alias(CLASSES.englishAutumn))!;
    let before = fake.requests.length;
    const result = await run("2026-12-23");
    assert.deepEqual(writesSince(before), [`PATCH /v1/courses/${english.id}?updateMask=courseState 200`]);
    assert.deepEqual(result.outcome.counts, { courses: { archived: 1 } });
    assert.equal(fake.state.courses.size, 4);
    assert.equal(english.courseState, "ARCHIVED");
    assert.equal(fake.state.course(alias(CLASSES.homeroom))?.courseState, "ACTIVE");
    assert.equal(english.students.size, 2, "an archived course keeps its students");

    before = fake.requests.length;
    await run("2026-12-24");
    assert.deepEqual(writesSince(before), [], "archived once, not every night");

    await database().db.updateTable("academic_sessions").set({ end_date: "2027-01-31" }).where("sourced_id", "=", "term-ht").execute();
    before = fake.requests.length;
    const back = await run("2026-12-25");
    assert.deepEqual(writesSince(before), [`PATCH /v1/courses/${english.id}?updateMask=courseState 200`]);
    assert.deepEqual(back.outcome.counts, { courses: { unarchived: 1 } });
    assert.equal(english.courseState, "ACTIVE");
    const state = await database().db.selectFrom("export_state").select(["archived"]).where("target_id", "=", "classroom").where("entity", "=", "course").where("sourced_id", "=", CLASSES.englishAutumn).executeTakeFirstOrThrow();
    assert.equal(state.archived, false);
  });

  it("a renamed class and a new primary teacher: one patch, the new owner added as a teacher first", async () => {
    const db = database().db;
    await db.updateTable("classes").set({ title: "Matematik 7 grupp 2 (ny)" }).where("sourced_id", "=", CLASSES.math2).execute();
    await db
      .insertInto("enrollments")
      .values({ tenant_id: "default", source_id: "fixture", sourced_id: "e-ma2-anna", class_sourced_id: CLASSES.math2, user_sourced_id: "t-anna", role: "teacher", primary: true, school_sourced_id: "school-1" })
      .execute();
    const before = fake.requests.length;
    const result = await run("2026-12-26");
    const math2 = fake.state.course(alias(CLASSES.math2))!;
    assert.deepEqual(writesSince(before), [
      `POST /v1/courses/${math2.id}/teachers 200`,
      `PATCH /v1/courses/${math2.id}?updateMask=name,section,description,ownerId 200`,
    ]);
    assert.deepEqual(result.outcome.counts, { courses: { updated: 1 }, teachers: { added: 1 } });
    assert.deepEqual({ name: math2.name, owner: math2.ownerId, teachers: [...math2.teachers].sort() }, { name: "Matematik 7 grupp 2 (ny)", owner: "g-t-anna", teachers: ["g-t-anna", "g-t-bo"] });
  });
});
