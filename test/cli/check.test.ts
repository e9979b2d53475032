import assert from "node:assert/strict";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { startFakeGraph, type FakeGraph } from "../fakes/graph/server.ts";
import { startFakeSftpServer, type FakeSftpServer } from "../fakes/sftp/server.ts";
import { startFakeSs12000, type FakeSs12000 } from "../fakes/ss12000/server.ts";
import { runCli } from "../helpers/cli.ts";
import { cliDatabase } from "../helpers/cli-database.ts";

describe("oneroster check", () => {
  const database = cliDatabase("oneroster-check-data-");
  let folder: string;
  let ss12000: FakeSs12000;
  let sftp: FakeSftpServer;
  let graph: FakeGraph;
  let file: string;
  let env: NodeJS.ProcessEnv;
  before(async () => {
    folder = await mkdtemp(join(tmpdir(), "oneroster-check-"));
    [ss12000, sftp, graph] = await Promise.all([
      startFakeSs12000({ students: 5, seed: 2 }),
      startFakeSftpServer({ username: "school", password: "s3cret" }),
      startFakeGraph(),
      database.setUp(),
    ]);
    await mkdir(join(sftp.root, "dropbox"));
    await mkdir(join(folder, "drop"));
    await mkdir(join(folder, "out"));
    await writeFile(join(folder, "drop", "vux.zip"), "PK\u0005\u0006" + "\0".repeat(18));
    file = join(folder, "setup.yaml");
    await writeFile(
      file,
      `tenants:
  - id: kommun
    sources:
      - id: sis
        kind: ss12000
        settings:
          url: ${ss12000.url}
          tokenUrl: ${ss12000.tokenUrl}
          clientId: ${ss12000.clientId}
          clientSecret: env:SS_SECRET
      - id: vux
        kind: oneroster-csv
        settings:
          file: drop/vux.zip
    exporters:
      - id: asm
        kind: asm
        settings:
          sftp:
            host: ${sftp.host}
            port: ${sftp.port}
            username: school
            password: env:ASM_PASSWORD
            remotePath: /dropbox/Archive.zip
      - id: teams
        kind: graph
        settings:
          directoryTenantId: ${graph.tenantId}
          clientId: ${graph.clientId}
          clientSecret: env:GRAPH_SECRET
          authorityUrl: ${graph.url}
          graphUrl: ${graph.url}
      - id: csv
        kind: oneroster-csv
        out: out/oneroster.zip
`,
    );
    env = { ...database.env(), SS_SECRET: ss12000.clientSecret, ASM_PASSWORD: "s3cret", GRAPH_SECRET: graph.clientSecret };
  });
  after(async () => {
    await Promise.all([ss12000.close(), sftp.close(), graph.close(), database.tearDown()]);
    await rm(folder, { recursive: true, force: true });
  });

  it("validates a good setup and prints one ok line per check", async () => {
    const { code, stdout, stderr } = await runCli(["check", file], env);
    assert.equal(code, 0, stdout + stderr);
    assert.deepEqual(stdout.trimEnd().split("\n"), [
      `ok    setup: ${file} is valid (1 tenant, 2 sources, 3 exporters)`,
      `ok    database: ${database.description} answers`,
      `ok    kommun source sis (ss12000): token: token from ${ss12000.tokenUrl}`,
      `ok    kommun source sis (ss12000): first page of /organisations: ${ss12000.url} answered (1 object(s) on the first page)`,
      `ok    kommun source vux (oneroster-csv): zip: ${join(folder, "drop", "vux.zip")} is readable (22 bytes)`,
      `ok    kommun exporter asm (asm): SFTP login: logged in; sftp://school@${sftp.host}:${sftp.port}/dropbox is a folder`,
      `ok    kommun exporter teams (graph): token: token for ${graph.clientId} in ${graph.tenantId}`,
      `ok    kommun exporter csv (oneroster-csv): output folder: ${join(folder, "out")} is writable`,
    ]);
    // A check writes nothing: no upload, no export.
    assert.deepEqual(sftp.files(), []);
    assert.equal(graph.writeCalls(), 0);
  });

  it("prints a FAIL line for each connection that does not work, and exits 1", async () => {
    await rm(join(folder, "drop", "vux.zip"));
    try {
      const { code, stdout, stderr } = await runCli(["check", file], { ...env, SS_SECRET: "wrong", ASM_PASSWORD: "wrong", GRAPH_SECRET: "" });
      assert.equal(code, 1);
      const lines = stdout.trimEnd().split("\n");
      assert.deepEqual(
        lines.map((line) => line.split(": ")[0]),
        [
          "ok    setup",
          "ok    database",
          "FAIL  kommun source sis (ss12000)",
          "FAIL  kommun source sis (ss12000)",
          "FAIL  kommun source vux (oneroster-csv)",
          "FAIL  kommun exporter asm (asm)",
          "FAIL  kommun exporter teams (graph)",
          "ok    kommun exporter csv (oneroster-csv)",
        ],
      );
      assert.match(lines[2]!, /^FAIL {2}kommun source sis \(ss12000\): token: token request to .* answered 401/);
      assert.equal(lines[4], `FAIL  kommun source vux (oneroster-csv): zip: ${join(folder, "drop", "vux.zip")}: no such file`);
      assert.match(lines[5]!, /^FAIL {2}kommun exporter asm \(asm\): SFTP login: .*authentication/i);
      assert.equal(lines[6], "FAIL  kommun exporter teams (graph): token: settings.clientSecret: the environment variable GRAPH_SECRET is not set");
      assert.equal(stderr, "error: 5 of 7 check(s) failed\n");
    } finally {
      await writeFile(join(folder, "drop", "vux.zip"), "PK\u0005\u0006" + "\0".repeat(18));
    }
  });

  it("lists every problem of an invalid setup with its line, and checks nothing", async () => {
    const bad = join(folder, "bad.yaml");
    await writeFile(bad, `schedule: "0 2 * *"\ntenants:\n  - id: kommun\n    sources:\n      - id: sis\n        kind: extens\n`);
    const { code, stdout, stderr } = await runCli(["check", bad], env);
    assert.equal(code, 1);
    assert.equal(stdout, "");
    assert.equal(
      stderr,
      `${bad}:1: schedule: "0 2 * *" is not a cron expression: expression: expected 5 or 6 fields but got 4\n` +
        `${bad}:6: tenants[0].sources[0].kind: unknown source kind "extens" (known: ss12000, ist-educloud, schoolsoft, edlevo, ist-ims, alvis, unikum, adela, skolplatsen, mapped-file, oneroster-csv)\n` +
        `error: ${bad}: 2 problem(s); nothing was checked\n`,
    );
  });
});
