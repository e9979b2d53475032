import assert from "node:assert/strict";
import { after, before, it } from "node:test";
import { runGraphExport } from "../../../exporters/graph/exporter.ts";
import { describeEachEngine } from "../../helpers/databases.ts";
import { startFakeGraph, type FakeGraph } from "../../fakes/graph/server.ts";
import { addFixtureUsers, fakeClient, fakeSettings, loadGraphTenant, STUDENTS, TEACHERS, UPN } from "./fixture.ts";

describeEachEngine("Graph export: security groups per school and role", (database) => {
  let fake: FakeGraph;
  before(async () => {
    fake = await startFakeGraph();
    addFixtureUsers(fake);
    await loadGraphTenant(database().db);
  });
  after(() => fake.close());

  const run = () => {
    const settings = fakeSettings(fake, { schoolGroupRoles: ["teacher", "student"], createTeams: false, classTypes: ["homeroom"] });
    return runGraphExport(database().db, settings, { tenantId: "default", targetId: "groups", dryRun: false }, { client: fakeClient(fake, settings), today: "2026-11-25" });
  };
  const writes = (from: number) => fake.requests.slice(from).filter((r) => r.method !== "GET" && r.url !== "/$batch").map((r) => `${r.method} ${r.url.replace(/[0-9a-f-]{36}/, "{id}")} ${r.status}`);

  it("creates one security group per school and role with its users", async () => {
    const result = await run();
    assert.deepEqual(fake.state.groupSummary(), {
      "Björkskolan students": STUDENTS.map(UPN).sort(),
      "Björkskolan teachers": TEACHERS.map(UPN).sort(),
    });
    assert.deepEqual(result.outcome.counts.groups, { created: 2 });
    assert.deepEqual(result.outcome.counts.groupMembers, { added: 8 });
    const group = [...fake.state.groups.values()].find((g) => g.displayName === "Björkskolan teachers");
    assert.deepEqual([group?.mailNickname, group?.securityEnabled, group?.mailEnabled], ["sg-school-1-teacher", true, false]);
  });

  it("reruns with zero calls, and removes exactly a user who left the school", async () => {
    let from = fake.requests.length;
    await run();
    assert.equal(fake.requests.length, from);
    await database().db.deleteFrom("user_orgs").where("user_sourced_id", "=", "s-6").execute();
    from = fake.requests.length;
    await run();
    assert.deepEqual(writes(from), ["DELETE /groups/{id}/members/entra-s-6/$ref 204"]);
  });

  it("adopts its groups by mailNickname when export_state lost them, creating no duplicate", async () => {
    await database().db.deleteFrom("export_state").where("target_id", "=", "groups").where("entity", "in", ["group", "group-members"]).execute();
    const from = fake.requests.length;
    await run();
    assert.deepEqual(writes(from), ["PATCH /groups/{id} 204", "PATCH /groups/{id} 204"], "only the names are re-applied");
    assert.equal(fake.state.groups.size, 2);
    const again = fake.requests.length;
    await run();
    assert.equal(fake.requests.length, again);
  });
});
