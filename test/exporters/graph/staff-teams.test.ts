import assert from "node:assert/strict";
import { after, before, it } from "node:test";
import { runGraphExport } from "../../../exporters/graph/exporter.ts";
import { formatPlan } from "../../../exporters/graph/plan-summary.ts";
import { describeEachEngine } from "../../helpers/databases.ts";
import { startFakeGraph, type FakeGraph } from "../../fakes/graph/server.ts";
import { addFixtureUsers, fakeClient, fakeSettings, loadGraphTenant, UPN } from "./fixture.ts";

/**
 * The fixture's Björkskolan (teachers t-anna, t-bo) plus an administrator a-carl; Ekskolan with teacher t-cia and
 * administrator a-dora; Lindskolan with teacher t-eva and no administrator (a group, but no team owner, so no team).
 */
async function addSchools(fake: FakeGraph, db: Parameters<typeof loadGraphTenant>[0]): Promise<void> {
  const t = { tenant_id: "default", source_id: "fixture" };
  await db
    .insertInto("orgs")
    .values([
      { ...t, sourced_id: "school-2", name: "Ekskolan", type: "school" },
      { ...t, sourced_id: "school-3", name: "Lindskolan", type: "school" },
    ])
    .execute();
  const staff = [
    ["a-carl", "administrator", "school-1"],
    ["a-dora", "administrator", "school-2"],
    ["t-cia", "teacher", "school-2"],
    ["t-eva", "teacher", "school-3"],
  ] as const;
  await db
    .insertInto("users")
    .values(staff.map(([u, role]) => ({ ...t, sourced_id: u, username: UPN(u), given_name: u, family_name: "Test", role })))
    .execute();
  await db
    .insertInto("user_orgs")
    .values(staff.map(([u, , school]) => ({ tenant_id: "default", user_sourced_id: u, org_sourced_id: school })))
    .execute();
  for (const [u] of staff) fake.state.addUser(UPN(u), `entra-${u}`);
}

describeEachEngine("Graph export: staff teams per school", (database) => {
  let fake: FakeGraph;
  before(async () => {
    fake = await startFakeGraph();
    addFixtureUsers(fake);
    await loadGraphTenant(database().db);
    await addSchools(fake, database().db);
  });
  after(() => fake.close());

  const settings = () => fakeSettings(fake, { staffTeams: true, createTeams: false, classTypes: ["homeroom"] });
  const run = (dryRun = false) =>
    runGraphExport(database().db, settings(), { tenantId: "default", targetId: "staff", dryRun }, { client: fakeClient(fake, settings()), today: "2026-11-25" });
  const writes = (from: number) =>
    fake.requests
      .slice(from)
      .filter((r) => r.method !== "GET" && r.url !== "/$batch")
      .map((r) => `${r.method} ${r.url.replace(/[0-9a-f-]{36}/, "{id}")} ${r.status}`);
  const name = (id: string) => fake.state.users.get(id)?.userPrincipalName ?? id;
  /** displayName → members, owners (UPNs) and its team. */
  const staffTeams = () =>
    Object.fromEntries(
      [...fake.state.groups.values()]
        .sort((a, b) => a.displayName.localeCompare(b.displayName))
        .map((group) => {
          const team = fake.state.teams.get(group.id);
          return [
            group.displayName,
            {
              mailNickname: group.mailNickname,
              groupTypes: group.groupTypes,
              members: [...group.members].map(name).sort(),
              owners: [...group.owners].map(name).sort(),
              team: team ? (team.isArchived ? "archived" : "active") : "none",
            },
          ];
        }),
    );
  const staffState = () =>
    database()
      .db.selectFrom("export_state")
      .select(["entity", "sourced_id", "archived"])
      .where("target_id", "=", "staff")
      .where("entity", "like", "staff-%")
      .orderBy(["entity", "sourced_id"])
      .execute();

  it("a dry run plans one staff team per school and writes nothing", async () => {
    const result = await run(true);
    assert.equal(fake.writeCalls(), 0);
    assert.deepEqual(await staffState(), []);
    assert.deepEqual(result.outcome.counts.staffTeams, { create: 3, "team create": 2 });
    assert.deepEqual(result.outcome.counts.staffTeamMembers, { add: 6 });
    assert.deepEqual(result.outcome.counts.staffTeamOwners, { add: 2 });
    const lines = formatPlan(result.plan).filter((line) => line.startsWith("staff team"));
    assert.deepEqual(lines, [
      'staff team school-1: create "Björkskolan personal", +3 member(s), +1 owner(s), create team',
      'staff team school-2: create "Ekskolan personal", +2 member(s), +1 owner(s), create team',
      'staff team school-3: create "Lindskolan personal", +1 member(s)',
    ]);
  });

  it("a first run makes exactly one team per school with exactly its staff, owned by its administrators", async () => {
    const result = await run();
    const upns = (...users: string[]) => users.map(UPN).sort();
    assert.deepEqual(staffTeams(), {
      "Björkskolan personal": { mailNickname: "staff-school-1", groupTypes: ["Unified"], members: upns("a-carl", "t-anna", "t-bo"), owners: upns("a-carl"), team: "active" },
      "Ekskolan personal": { mailNickname: "staff-school-2", groupTypes: ["Unified"], members: upns("a-dora", "t-cia"), owners: upns("a-dora"), team: "active" },
      "Lindskolan personal": { mailNickname: "staff-school-3", groupTypes: ["Unified"], members: upns("t-eva"), owners: [], team: "none" },
    });
    assert.deepEqual(result.outcome.counts.staffTeams, { created: 3, teamCreated: 2 });
    assert.deepEqual(result.outcome.counts.staffTeamMembers, { added: 6 });
    assert.deepEqual(result.outcome.counts.staffTeamOwners, { added: 2 });
    assert.deepEqual(
      result.outcome.warnings.filter((w) => w.entity === "staffTeams"),
      [{ entity: "staffTeams", sourcedId: "school-3", why: "no active administrator with an Entra account, so no team owner: the group is kept, its team is not created" }],
    );
    assert.equal(fake.writeCalls(), 1 + 7 + 1 + 3 + 6 + 2 + 2, "the homeroom class (create, 7 members, 1 teacher), 3 groups, 6 members, 2 owners, 2 teams");
  });

  it("a second identical run makes no call at all", async () => {
    const from = fake.requests.length;
    await run();
    assert.deepEqual(fake.requests.slice(from), []);
  });

  it("a teacher moving school gives exactly one remove and one add", async () => {
    await database().db.updateTable("user_orgs").set({ org_sourced_id: "school-2" }).where("user_sourced_id", "=", "t-bo").execute();
    const from = fake.requests.length;
    await run();
    const ids = Object.fromEntries([...fake.state.groups.values()].map((g) => [g.mailNickname, g.id]));
    assert.deepEqual(writes(from).map((w) => w.replace("{id}", "G")), [
      "DELETE /groups/G/members/entra-t-bo/$ref 204",
      "POST /groups/G/members/$ref 204",
    ]);
    const urls = fake.requests.slice(from).filter((r) => r.method !== "GET" && r.url !== "/$batch").map((r) => r.url);
    assert.deepEqual(urls, [`/groups/${ids["staff-school-1"]}/members/entra-t-bo/$ref`, `/groups/${ids["staff-school-2"]}/members/$ref`]);
    assert.deepEqual(staffTeams()["Ekskolan personal"]!.members, ["a-dora", "t-bo", "t-cia"].map(UPN).sort());
    const again = fake.requests.length;
    await run();
    assert.equal(fake.requests.length, again);
  });

  it("a school that disappears has its team archived, never deleted", async () => {
    await database().db.updateTable("orgs").set({ status: "tobedeleted" }).where("sourced_id", "=", "school-2").execute();
    const from = fake.requests.length;
    const result = await run();
    assert.deepEqual(writes(from), ["POST /teams/{id}/archive 202"]);
    assert.deepEqual(result.outcome.counts.staffTeams, { archived: 1 });
    const ekskolan = staffTeams()["Ekskolan personal"]!;
    assert.deepEqual([ekskolan.team, ekskolan.members.length], ["archived", 3]);
    assert.equal(fake.state.groups.size, 3);
    assert.deepEqual(await staffState(), [
      { entity: "staff-group", sourced_id: "school-1", archived: false },
      { entity: "staff-group", sourced_id: "school-2", archived: false },
      { entity: "staff-group", sourced_id: "school-3", archived: false },
      { entity: "staff-group-members", sourced_id: "school-1", archived: false },
      { entity: "staff-group-members", sourced_id: "school-2", archived: false },
      { entity: "staff-group-members", sourced_id: "school-3", archived: false },
      { entity: "staff-team", sourced_id: "school-1", archived: false },
      { entity: "staff-team", sourced_id: "school-2", archived: true },
    ]);
    const again = fake.requests.length;
    await run();
    assert.equal(fake.requests.length, again);
  });

  it("finds its groups again by mailNickname when export_state lost them (a crash), creating no duplicate", async () => {
    await database().db.deleteFrom("export_state").where("target_id", "=", "staff").where("entity", "like", "staff-%").execute();
    const from = fake.requests.length;
    await run();
    assert.deepEqual(writes(from), ["PATCH /groups/{id} 204", "PATCH /groups/{id} 204"], "only the names of the two exported schools are re-applied");
    assert.equal(fake.state.groups.size, 3);
    assert.equal(fake.state.teams.size, 2, "the two staff teams (the class gets none: createTeams is off)");
  });
});
