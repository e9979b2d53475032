import assert from "node:assert/strict";
import { after, before, it } from "node:test";
import { runGraphExport } from "../../../exporters/graph/exporter.ts";
import { describeEachEngine } from "../../helpers/databases.ts";
import { startFakeGraph, type FakeGraph } from "../../fakes/graph/server.ts";
import { addFixtureUsers, CLASSES, expectedTarget, fakeClient, fakeSettings, FIRST_RUN_WRITES, loadGraphTenant } from "./fixture.ts";

const context = { tenantId: "default", targetId: "graph", dryRun: false };

describeEachEngine("Graph export against the fake", (database) => {
  let fake: FakeGraph;
  before(async () => {
    fake = await startFakeGraph();
    addFixtureUsers(fake);
    await loadGraphTenant(database().db);
  });
  after(() => fake.close());

  const run = (today: string, overrides = {}) => {
    const settings = fakeSettings(fake, overrides);
    return runGraphExport(database().db, settings, context, { client: fakeClient(fake, settings), today });
  };

  it("a first run creates exactly the classes, teams and memberships of the tenant", async () => {
    const result = await run("2026-11-25");
    assert.deepEqual(fake.state.summary(), expectedTarget());
    assert.equal(fake.writeCalls(), FIRST_RUN_WRITES);
    assert.ok(fake.requests.filter((r) => r.method !== "GET" && r.url !== "/$batch").every((r) => r.inBatch), "every write went through $batch");
    assert.deepEqual(result.outcome.counts, {
      classes: { created: 4 },
      members: { added: 18 },
      teachers: { added: 4 },
      teams: { created: 4 },
    });
    assert.equal(fake.tokensIssued(), 1);
    const [created] = [...fake.state.classes.values()].filter((c) => c.externalId === CLASSES.englishAutumn);
    assert.deepEqual(
      { externalSource: created?.externalSource, mailNickname: created?.mailNickname, term: created?.term },
      { externalSource: "sis", mailNickname: `class-${CLASSES.englishAutumn}`, term: { externalId: "term-ht", displayName: "HT 2026", startDate: "2026-08-17", endDate: "2026-12-22" } },
    );
    const states = await database().db.selectFrom("export_state").select(["entity"]).where("target_id", "=", "graph").execute();
    const byEntity: Record<string, number> = {};
    for (const { entity } of states) byEntity[entity] = (byEntity[entity] ?? 0) + 1;
    assert.deepEqual(byEntity, { class: 4, "class-members": 4, team: 4, user: 8 });
  });

  it("a second identical run makes zero write calls (and no Graph calls at all)", async () => {
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
    const math1 = fake.state.classByExternalId(CLASSES.math1)!;
    const math2 = fake.state.classByExternalId(CLASSES.math2)!;
    const writes = fake.requests.slice(before).filter((r) => r.method !== "GET" && r.url !== "/$batch");
    assert.deepEqual(
      writes.map((r) => `${r.method} ${r.url} ${r.status}`).sort(),
      [`DELETE /education/classes/${math1.id}/members/entra-s-1/$ref 204`, `POST /education/classes/${math2.id}/members/$ref 204`].sort(),
    );
    assert.deepEqual(result.outcome.counts, { members: { added: 1, removed: 1 } });
    assert.equal(math1.members.has("entra-s-1"), false);
    assert.equal(math2.members.has("entra-s-1"), true);
    // Only the two changed classes had their membership read.
    const reads = fake.requests.slice(before).filter((r) => r.method === "GET").map((r) => r.url.split("?")[0]).sort();
    assert.deepEqual(reads, [
      `/education/classes/${math1.id}/members`,
      `/education/classes/${math1.id}/teachers`,
      `/education/classes/${math2.id}/members`,
      `/education/classes/${math2.id}/teachers`,
    ].sort());
    const rerun = fake.requests.length;
    await run("2026-11-28");
    assert.equal(fake.requests.length, rerun, "and the night after, nothing");
  });

  it("a term ending archives exactly that term's classes (renamed, never deleted), and a class that comes back is unarchived", async () => {
    const english = fake.state.classByExternalId(CLASSES.englishAutumn)!;
    let before = fake.requests.length;
    const result = await run("2026-12-23");
    const writes = () => fake.requests.slice(before).filter((r) => r.method !== "GET" && r.url !== "/$batch").map((r) => `${r.method} ${r.url} ${r.status}`);
    assert.deepEqual(writes(), [`PATCH /education/classes/${english.id} 204`, `POST /teams/${english.id}/archive 202`]);
    assert.deepEqual(result.outcome.counts, { classes: { updated: 1 }, teams: { archived: 1 } });
    assert.equal(fake.state.classes.size, 4);
    assert.equal(english.displayName, "Engelska 7 HT (arkiv)");
    assert.equal(fake.state.teams.get(english.id)?.isArchived, true);
    assert.equal(fake.state.summary()[CLASSES.homeroom]?.team, "active");
    assert.equal(english.members.size, 3, "an archived class keeps its members");

    before = fake.requests.length;
    await run("2026-12-24");
    assert.deepEqual(writes(), [], "archived once, not every night");

    await database().db.updateTable("academic_sessions").set({ end_date: "2027-01-31" }).where("sourced_id", "=", "term-ht").execute();
    before = fake.requests.length;
    const back = await run("2026-12-25");
    const ids = [...fake.state.classes.values()].map((c) => c.id);
    assert.deepEqual(writes().sort(), [...ids.map((id) => `PATCH /education/classes/${id} 204`), `POST /teams/${english.id}/unarchive 202`].sort());
    assert.deepEqual(back.outcome.counts, { classes: { updated: 4 }, teams: { unarchived: 1 } }, "every class's term end date changed");
    assert.equal(english.displayName, "Engelska 7 HT");
    assert.equal(fake.state.teams.get(english.id)?.isArchived, false);
  });
});
