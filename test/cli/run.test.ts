import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { startFakeSs12000, type FakeSs12000 } from "../fakes/ss12000/server.ts";
import { runCli, startCli, stop } from "../helpers/cli.ts";
import { cliDatabase } from "../helpers/cli-database.ts";
import { pipelineSetupYaml, setupFolder } from "../jobs/pipeline-fixture.ts";

const RUN = "[0-9a-f-]{36}";

describe("oneroster run", () => {
  const db = cliDatabase("oneroster-run-cli-");
  let fake: FakeSs12000;
  let setup: Awaited<ReturnType<typeof setupFolder>>;
  let env: NodeJS.ProcessEnv;
  before(async () => {
    fake = await startFakeSs12000({ students: 10, seed: 6 });
    setup = await setupFolder(pipelineSetupYaml(fake));
    await db.setUp();
    env = { ...db.env(), SS_SECRET: fake.clientSecret };
  });
  after(async () => {
    await fake.close();
    await setup.cleanup();
    await db.tearDown();
  });

  it("--now --tenant runs the tenant's pipeline once and exits 0 when it succeeded", async () => {
    const { code, stdout, stderr } = await runCli(["run", "--setup", setup.file, "--now", "--tenant", "kommun"], env);
    assert.equal(code, 0, stderr);
    const lines = stdout.trimEnd().split("\n");
    assert.equal(lines.length, 4, stdout);
    assert.match(lines[0]!, /^tenant kommun: succeeded in [\d.]+ s$/);
    assert.match(lines[1]!, new RegExp(`^  import sis \\(ss12000\\): succeeded, run ${RUN}$`));
    assert.match(lines[2]!, new RegExp(`^  export csv \\(oneroster-csv\\): succeeded, run ${RUN}$`));
    assert.match(lines[3]!, new RegExp(`^  export sds \\(sds\\): succeeded, run ${RUN}$`));
  });

  it("--now exits 1 when an import fails, saying the exports were skipped", async () => {
    fake.faults.serverError({ path: "/organisations" });
    try {
      const { code, stdout, stderr } = await runCli(["run", "--setup", setup.file, "--now"], env);
      assert.equal(code, 1);
      const lines = stdout.trimEnd().split("\n");
      assert.match(lines[0]!, /^tenant kommun: failed in [\d.]+ s$/);
      assert.match(lines[1]!, new RegExp(`^  import sis \\(ss12000\\): failed, run ${RUN}: sync of source "sis" \\(tenant "kommun"\\) failed, nothing was written: GET /organisations .* 500 `));
      assert.deepEqual(lines.slice(2), ["  export csv (oneroster-csv): skipped: not run: import sis failed", "  export sds (sds): skipped: not run: import sis failed"]);
      // (Before it, the logs on stderr say the same as JSON.)
      assert.ok(stderr.endsWith("\nerror: not every pipeline succeeded: kommun failed\n"), stderr);
    } finally {
      fake.faults.clear();
    }
  });

  it("refuses a tenant the setup does not have, naming the ones it has", async () => {
    const unknown = await runCli(["run", "--setup", setup.file, "--now", "--tenant", "annan"], env);
    assert.equal(unknown.code, 1);
    assert.equal(unknown.stderr, `error: --tenant: the setup ${setup.file} has no tenant "annan" (it has kommun)\n`);
  });

  it("without --now schedules every tenant, says when each runs next, and stops cleanly on SIGTERM", async () => {
    const { child, output } = await startCli(["run", "--setup", setup.file], env, /scheduler running/);
    const lines = output().trimEnd().split("\n");
    assert.match(lines[0]!, /^tenant kommun: "0 2 \* \* \*" \(Europe\/Stockholm\), next run \d{4}-\d{2}-\d{2}T0[01]:00:00\.000Z$/);
    assert.equal(lines[1], "scheduler running; SIGTERM or SIGINT stops it");
    assert.equal(await stop(child), 0);
  });

  it("serve --with-scheduler runs the schedule in the server process", async () => {
    const { child, match, output } = await startCli(["serve", "--with-scheduler", "--setup", setup.file], { ...env, PORT: "0" }, /listening on (\S+)[\s\S]*database: .*\n/);
    assert.match(output(), /^ {2}schedule: tenant kommun "0 2 \* \* \*" \(Europe\/Stockholm\), next run \d{4}-\d{2}-\d{2}T0[01]:00:00\.000Z$/m);
    // (A SIGTERM in the first moments after start sometimes meets no handler yet, with or without the scheduler.)
    assert.equal((await fetch(`${match[1]}/health`)).status, 200);
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(await stop(child), 0);
    const without = await runCli(["serve", "--with-scheduler"], { ...env, PORT: "0" });
    assert.equal(without.code, 1);
    assert.equal(without.stderr, "error: --with-scheduler: give the --setup file it runs\n");
  });
});
