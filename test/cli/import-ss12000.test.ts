import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { startFakeSs12000, type FakeSs12000 } from "../fakes/ss12000/server.ts";
import { runCli } from "../helpers/cli.ts";
import { cliDatabase } from "../helpers/cli-database.ts";

describe("oneroster import ss12000", () => {
  let fake: FakeSs12000;
  const db = cliDatabase("oneroster-ss12000-cli-");
  before(async () => {
    fake = await startFakeSs12000({ students: 30, seed: 5 });
    await db.setUp();
  });
  after(async () => {
    await fake.close();
    await db.tearDown();
  });

  const oauth = () => ["--url", fake.url, "--token-url", fake.tokenUrl, "--client-id", fake.clientId, "--client-secret-env", "SS_SECRET", "--as-of", "2026-09-01"];

  it("imports with OAuth 2 client credentials and prints what it did", async () => {
    const { code, stdout, stderr } = await runCli(["import", "ss12000", "--tenant", "kommun", ...oauth()], { ...db.env(), SS_SECRET: fake.clientSecret });
    assert.equal(code, 0, stderr);
    assert.match(stdout, new RegExp(`^imported SS 12000 ${fake.url.replaceAll(".", "\\.")} \\(full\\) into tenant kommun in [\\d.]+ s, run [0-9a-f-]{36}$`, "m"));
    assert.match(stdout, /^ {2}orgs: 3 created, 0 updated, 0 unchanged, 0 removed, 0 skipped$/m);
    assert.match(stdout, /^ {4}users: \d+ person\(s\) with a protective marking/m);
    const runs = await runCli(["runs", "--tenant", "kommun", "--json"], db.env());
    assert.equal(JSON.parse(runs.stdout)[0].status, "succeeded");
  });

  it("dry-runs a delta and writes nothing", async () => {
    fake.rename([...fake.state.data.groups.values()].find((g) => g.groupType === "Klass")!.id, "Nytt namn");
    const { code, stdout, stderr } = await runCli(["import", "ss12000", "--tenant", "kommun", ...oauth(), "--delta", "--since", "2026-08-31T00:00:00Z", "--dry-run"], {
      ...db.env(),
      SS_SECRET: fake.clientSecret,
    });
    assert.equal(code, 0, stderr);
    assert.match(stdout, /^dry run of SS 12000 .* \(delta\) into tenant kommun/m);
    assert.match(stdout, /^ {2}classes: 0 created, 1 updated, /m);
    assert.match(stdout, /^ {2}would update classes [0-9a-f-]{36}$/m);
    const runs = await runCli(["runs", "--tenant", "kommun", "--json"], db.env());
    assert.equal(JSON.parse(runs.stdout).length, 1, "a dry run records no run");
  });

  it("fails with one clear line and exit 1 when the secret is missing", async () => {
    const { code, stdout, stderr } = await runCli(["import", "ss12000", "--tenant", "kommun", ...oauth()], db.env());
    assert.equal(code, 1);
    assert.equal(stdout, "");
    assert.match(stderr, /^error: import of SS 12000 into tenant kommun failed, nothing was written: .*SS 12000 client secret: environment variable SS_SECRET is not set$/m);
  });

  it("refuses settings that cannot authenticate, naming what to give", async () => {
    const { code, stderr } = await runCli(["import", "ss12000", "--tenant", "kommun", "--url", fake.url], db.env());
    assert.equal(code, 1);
    assert.match(stderr, /^error: SS 12000 settings: give either tokenEnv \(a static bearer token\) or tokenUrl, clientId and clientSecretEnv/m);
  });
});
