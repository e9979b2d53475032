import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { migrateToLatest } from "../../db/migrator.ts";
import { runCli } from "../helpers/cli.ts";
import { cliDatabase } from "../helpers/cli-database.ts";
import { startFakeGoogle, type FakeGoogle } from "../fakes/google/server.ts";
import { addFixtureUsers, FIRST_RUN_WRITES, loadClassroomTenant } from "../exporters/google-classroom/fixture.ts";

const folder = mkdtempSync(join(tmpdir(), "oneroster-classroom-cli-"));

describe("oneroster export classroom", () => {
  const db = cliDatabase("oneroster-classroom-cli-data-");
  let fake: FakeGoogle;
  let args: string[];
  let env: NodeJS.ProcessEnv;
  before(async () => {
    await db.setUp();
    const database = await db.open();
    await migrateToLatest(database.db);
    await loadClassroomTenant(database.db);
    await database.close();
    fake = await startFakeGoogle();
    addFixtureUsers(fake);
    args = ["export", "classroom", "--tenant", "default", "--admin-subject", fake.adminSubject, "--root-url", fake.url, "--token-url", fake.tokenUrl, "--today", "2026-11-25"];
    env = { ...db.env(), GOOGLE_SERVICE_ACCOUNT_KEY: JSON.stringify(fake.serviceAccountKey) };
  });
  after(async () => {
    await fake.close();
    await db.tearDown();
    rmSync(folder, { recursive: true, force: true });
  });

  it("--dry-run prints the plan and writes nothing", async () => {
    const { code, stdout, stderr } = await runCli([...args, "--dry-run"], env);
    assert.equal(code, 0, stderr);
    assert.equal(fake.writeCalls(), 0);
    const lines = stdout.trim().split("\n");
    assert.ok(lines.includes('class class-7a: create "7A" (d:class-7a), +6 student(s)'), stdout);
    assert.ok(lines.includes('class class-ma7-1: create "Matematik 7 grupp 1" (d:class-ma7-1), +1 teacher(s), +3 student(s)'), stdout);
    assert.ok(lines.includes("warning: users s-7: no Google account with its e-mail: left out of its courses"), stdout);
    assert.equal(lines.filter((line) => line.startsWith("plan:")).join(), "plan: courses create 4, students add 14, teachers add 1");
  });

  it("applies with the key from a file, then a second run has nothing to change", async () => {
    const keyFile = join(folder, "key.json");
    writeFileSync(keyFile, JSON.stringify(fake.serviceAccountKey));
    const first = await runCli([...args, "--key-file", keyFile], db.env());
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /^classroom export [0-9a-f-]{36}: courses created 4, students added 14, teachers added 1 in [\d.]+ s$/m);
    assert.equal(fake.writeCalls(), FIRST_RUN_WRITES);
    const second = await runCli(args, env);
    assert.equal(second.code, 0, second.stderr);
    assert.match(second.stdout, /: nothing to change in/);
    assert.equal(fake.writeCalls(), FIRST_RUN_WRITES);
  });

  it("says which option is wrong", async () => {
    const missing = await runCli(args, { ...db.env(), GOOGLE_SERVICE_ACCOUNT_KEY: "" });
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /--key-json-env: the environment variable GOOGLE_SERVICE_ACCOUNT_KEY is not set/);
    const state = await runCli([...args, "--course-state", "ARCHIVED"], env);
    assert.equal(state.code, 1);
    assert.match(state.stderr, /--course-state: /);
    const subject = await runCli([...args, "--admin-subject", "not-an-email"], env);
    assert.equal(subject.code, 1);
    assert.match(subject.stderr, /--admin-subject: /);
  });
});
