import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { migrateToLatest } from "../../db/migrator.ts";
import { runCli } from "../helpers/cli.ts";
import { cliDatabase } from "../helpers/cli-database.ts";
import { startFakeGraph, type FakeGraph } from "../fakes/graph/server.ts";
import { addFixtureUsers, FIRST_RUN_WRITES, loadGraphTenant } from "../exporters/graph/fixture.ts";

describe("oneroster export graph", () => {
  const db = cliDatabase("oneroster-graph-cli-");
  let fake: FakeGraph;
  let args: string[];
  let env: NodeJS.ProcessEnv;
  before(async () => {
    await db.setUp();
    const database = await db.open();
    await migrateToLatest(database.db);
    await loadGraphTenant(database.db);
    await database.close();
    fake = await startFakeGraph();
    addFixtureUsers(fake);
    args = ["export", "graph", "--tenant", "default", "--directory-tenant", fake.tenantId, "--client-id", fake.clientId];
    args.push("--authority-url", fake.url, "--graph-url", fake.url, "--today", "2026-11-25");
    env = { ...db.env(), GRAPH_CLIENT_SECRET: fake.clientSecret };
  });
  after(async () => {
    await fake.close();
    await db.tearDown();
  });

  it("--dry-run prints the plan and writes nothing", async () => {
    const { code, stdout, stderr } = await runCli([...args, "--dry-run"], env);
    assert.equal(code, 0, stderr);
    assert.equal(fake.writeCalls(), 0);
    const lines = stdout.trim().split("\n");
    assert.equal(lines.at(-1), "plan: classes create 4, teachers add 4, members add 18, teams create 4");
    assert.ok(lines.includes('class class-7a: create "7A", +1 teacher(s), +7 member(s), create team'), stdout);
  });

  it("--dry-run --school-groups lists the groups it would make", async () => {
    const { code, stdout, stderr } = await runCli([...args, "--dry-run", "--school-groups", "student,teacher", "--no-teams"], env);
    assert.equal(code, 0, stderr);
    assert.equal(fake.writeCalls(), 0);
    const lines = stdout.trim().split("\n");
    assert.ok(lines.includes('group school-1/student: create "Björkskolan students", +6 member(s)'), stdout);
    assert.ok(lines.includes('group school-1/teacher: create "Björkskolan teachers", +2 member(s)'), stdout);
    assert.equal(lines.at(-1), "plan: classes create 4, teachers add 4, members add 18, groups create 2, groupMembers add 8");
  });

  it("applies, then a second run has nothing to change", async () => {
    const first = await runCli(args, env);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /^graph export [0-9a-f-]{36}: classes created 4, members added 18, teachers added 4, teams created 4 in [\d.]+ s$/m);
    assert.equal(fake.writeCalls(), FIRST_RUN_WRITES);
    const second = await runCli(args, env);
    assert.equal(second.code, 0, second.stderr);
    assert.match(second.stdout, /: nothing to change in/);
    assert.equal(fake.writeCalls(), FIRST_RUN_WRITES);
  });

  it("says which option is wrong", async () => {
    const missing = await runCli(args, { ...env, GRAPH_CLIENT_SECRET: "" });
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /--client-secret-env: the environment variable GRAPH_CLIENT_SECRET is not set/);
    const types = await runCli([...args, "--class-types", "lecture"], env);
    assert.equal(types.code, 1);
    assert.match(types.stderr, /--class-types: /);
  });
});
