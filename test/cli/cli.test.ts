import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { openDatabase } from "../../db/connection.ts";
import { LATEST_MIGRATION } from "../../db/migrator.ts";
import { runCli, startCli, stop } from "../helpers/cli.ts";

const dataDir = mkdtempSync(join(tmpdir(), "oneroster-cli-"));

describe("oneroster CLI", () => {
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  it("lists its commands in --help", async () => {
    const { code, stdout } = await runCli(["--help"]);
    assert.equal(code, 0);
    for (const command of ["serve", "migrate", "demo", "import", "export", "run", "runs", "clients", "check"]) {
      assert.match(stdout, new RegExp(`^  ${command}\\b`, "m"), command);
    }
  });

  it("rejects a bad option value naming the option", async () => {
    const { code, stderr } = await runCli(["demo", "--students", "many"], { DATA_DIR: dataDir });
    assert.notEqual(code, 0);
    assert.match(stderr, /--students <n>.*"many" is not a whole number/);
  });

  it("refuses a HEAP_GROWING_PERCENT that is not a whole number before it does anything", async () => {
    const { code, stdout, stderr } = await runCli(["--help"], { HEAP_GROWING_PERCENT: "twenty" });
    assert.equal(code, 1);
    assert.equal(stdout, "");
    assert.equal(stderr, 'error: HEAP_GROWING_PERCENT must be a whole number of percent (0 leaves it to V8), not "twenty"\n');
    assert.equal((await runCli(["--help"], { HEAP_GROWING_PERCENT: "0" })).code, 0);
  });

  it("names a bad environment variable", async () => {
    const { code, stderr } = await runCli(["migrate"], { PORT: "eighty", DATA_DIR: dataDir });
    assert.equal(code, 1);
    assert.match(stderr, /environment variable PORT="eighty"/);
  });

  it("migrates the embedded database in DATA_DIR", async () => {
    const { code, stdout } = await runCli(["migrate"], { DATA_DIR: dataDir });
    assert.equal(code, 0);
    assert.equal(stdout, `database (pglite) is at migration ${LATEST_MIGRATION}\n`);
  });

  it("serves /health and the API with the demo seeded and its client printed, and refuses a second process on the same data folder", async () => {
    const server = await startCli(
      ["serve", "--seed-demo"],
      { DATA_DIR: dataDir, PORT: "0" },
      /listening on (\S+)[\s\S]*client id: +(\S+)\n +client secret: +(\S+)\n[\s\S]*\n +(curl .*)\n/,
    );
    try {
      const [, url, clientId, clientSecret, curlLine] = server.match as unknown as string[];
      const health = await fetch(`${url}/health`);
      assert.equal(health.status, 200);
      assert.equal(((await health.json()) as { status: string }).status, "ok");

      // What the printed curl line does: a token by client credentials, then a page of schools.
      assert.ok(curlLine!.includes(`-u ${clientId}:${clientSecret} -d grant_type=client_credentials ${url}/token`), curlLine);
      assert.ok(curlLine!.endsWith(`"${url}/ims/oneroster/v1p1/schools?limit=2"`), curlLine);
      const basic = Buffer.from(`${clientId}:${clientSecret}`).toString("base64");
      const token = await fetch(`${url}/token`, {
        method: "POST",
        headers: { Authorization: `Basic ${basic}`, "Content-Type": "application/x-www-form-urlencoded" },
        body: "grant_type=client_credentials",
      });
      const { access_token } = (await token.json()) as { access_token: string };
      const schools = await fetch(`${url}/ims/oneroster/v1p1/schools?limit=2`, { headers: { Authorization: `Bearer ${access_token}` } });
      assert.equal(schools.status, 200);
      assert.equal(((await schools.json()) as { orgs: unknown[] }).orgs.length, 2);

      const second = await runCli(["migrate"], { DATA_DIR: dataDir });
      assert.equal(second.code, 1);
      assert.match(second.stderr, new RegExp(`in use by process ${server.child.pid}`));
      assert.ok(second.stderr.includes(dataDir), second.stderr);
    } finally {
      assert.equal(await stop(server.child), 0);
    }
    const database = await openDatabase({ dataDir });
    try {
      const schools = await database.db
        .selectFrom("orgs")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("tenant_id", "=", "default")
        .where("type", "=", "school")
        .executeTakeFirstOrThrow();
      assert.ok(Number(schools.n) >= 2, `demo schools: ${schools.n}`);
    } finally {
      await database.close();
    }
  });
});
