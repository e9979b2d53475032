import assert from "node:assert/strict";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { runCli } from "../helpers/cli.ts";
import { cliDatabase } from "../helpers/cli-database.ts";

const ADD_ARGS = ["clients", "add", "--tenant", "default", "--name", "Läromedel AB", "--scopes", "roster.readonly,gradebook.readonly", "--json"];

function assertCredentials(stdout: string): { clientId: string; clientSecret: string } {
  const created = JSON.parse(stdout) as { clientId: string; clientSecret: string };
  assert.deepEqual(Object.keys(created), ["clientId", "clientSecret"]);
  assert.match(created.clientId, /^[0-9a-f]{32}$/);
  assert.match(created.clientSecret, /^[\w-]{43}$/);
  return created;
}

const SECRET_KEY_MODE = (dataDir: string) => statSync(join(dataDir, "secret.key")).mode & 0o777;

// secret.key is a file of the embedded database's data folder. When the describe below runs on PGlite its first test
// checks it; when it runs on Postgres, this one does, on a PGlite of its own.
describe("oneroster clients on the embedded database", { skip: !process.env.TEST_DATABASE_URL && "the first test below checks secret.key" }, () => {
  it("adds a client with a secret.key of mode 0600 made in DATA_DIR", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "oneroster-clients-key-"));
    try {
      const demo = await runCli(["demo", "--students", "5"], { DATA_DIR: dataDir });
      assert.equal(demo.code, 0, demo.stderr);
      const { code, stdout } = await runCli(ADD_ARGS, { DATA_DIR: dataDir });
      assert.equal(code, 0);
      assertCredentials(stdout);
      assert.equal(SECRET_KEY_MODE(dataDir), 0o600);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe("oneroster clients", () => {
  const db = cliDatabase("oneroster-clients-");
  before(async () => {
    await db.setUp();
    const demo = await runCli(["demo", "--students", "40"], db.env());
    assert.equal(demo.code, 0, demo.stderr);
  });
  after(() => db.tearDown());

  let created: { clientId: string; clientSecret: string };

  it("adds a client and prints only its credentials with --json", async () => {
    const { code, stdout } = await runCli(ADD_ARGS, db.env());
    assert.equal(code, 0);
    created = assertCredentials(stdout);
    if (db.engine === "pglite") assert.equal(SECRET_KEY_MODE(db.env().DATA_DIR!), 0o600);
  });

  it("stores the secret only encrypted", async () => {
    const database = await db.open();
    try {
      const row = await database.db.selectFrom("api_clients").selectAll().where("client_id", "=", created.clientId).executeTakeFirstOrThrow();
      assert.ok(!row.secret_ciphertext.includes(created.clientSecret));
      assert.ok(!Buffer.from(row.secret_ciphertext, "base64").toString("latin1").includes(created.clientSecret));
      assert.deepEqual(row.scopes, [
        "https://purl.imsglobal.org/spec/or/v1p1/scope/roster.readonly",
        "https://purl.imsglobal.org/spec/or/v1p1/scope/gradebook.readonly",
      ]);
      assert.equal(row.school_sourced_ids, null);
    } finally {
      await database.close();
    }
  });

  it("lists clients without their secrets", async () => {
    const { code, stdout } = await runCli(["clients", "list", "--tenant", "default"], db.env());
    assert.equal(code, 0);
    assert.match(stdout, new RegExp(`^${created.clientId}  default  active  "Läromedel AB"  scopes: roster.readonly,gradebook.readonly  schools: all schools$`, "m"));
    assert.ok(!stdout.includes(created.clientSecret));
    const json = await runCli(["clients", "list", "--json"], db.env());
    assert.ok(!json.stdout.includes(created.clientSecret));
    assert.equal((JSON.parse(json.stdout) as unknown[]).length, 1);
  });

  it("limits a client to named schools, and refuses what does not exist with exit 1", async () => {
    const database = await db.open();
    const school = await database.db.selectFrom("orgs").select("sourced_id").where("type", "=", "school").orderBy("sourced_id").executeTakeFirstOrThrow();
    const district = await database.db.selectFrom("orgs").select("sourced_id").where("type", "=", "district").executeTakeFirstOrThrow();
    await database.close();

    const limited = await runCli(["clients", "add", "--tenant", "default", "--schools", school.sourced_id, "--json"], db.env());
    assert.equal(limited.code, 0, limited.stderr);

    const cases: Array<[string[], string]> = [
      [["--tenant", "nowhere"], 'error: unknown tenant "nowhere"\n'],
      [["--tenant", "default", "--schools", "no-such-school"], 'error: unknown school "no-such-school" in tenant "default"\n'],
      [["--tenant", "default", "--schools", district.sourced_id], `error: org "${district.sourced_id}" of tenant "default" is a district, not a school\n`],
      [["--tenant", "default", "--scopes", "roster.everything"], 'error: unknown scope "roster.everything" (known: roster-core.readonly, roster.readonly, roster-demographics.readonly, resource.readonly, gradebook.readonly, gradebook.createput, gradebook.delete, alone or after https://purl.imsglobal.org/spec/or/v1p1/scope/)\n'],
    ];
    for (const [args, message] of cases) {
      const { code, stdout, stderr } = await runCli(["clients", "add", ...args], db.env());
      assert.equal(code, 1, args.join(" "));
      assert.equal(stdout, "");
      assert.ok(stderr.endsWith(message), stderr);
    }
    const list = await runCli(["clients", "list", "--json"], db.env());
    assert.equal((JSON.parse(list.stdout) as unknown[]).length, 2);
  });

  it("revokes a client, and says so when there is no such client", async () => {
    const { code, stdout } = await runCli(["clients", "revoke", created.clientId], db.env());
    assert.equal(code, 0);
    assert.match(stdout, new RegExp(`^revoked ${created.clientId} \\(\\d{4}-\\d\\d-\\d\\dT`));
    const list = await runCli(["clients", "list"], db.env());
    assert.match(list.stdout, new RegExp(`^${created.clientId}  default  revoked 20`, "m"));
    const missing = await runCli(["clients", "revoke", "nope"], db.env());
    assert.equal(missing.code, 1);
    assert.ok(missing.stderr.endsWith('error: no API client "nope"\n'), missing.stderr);
  });

  it("requires ONEROSTER_SECRET_KEY with DATABASE_URL, without echoing a bad one", async () => {
    const unset = await runCli(["clients", "add", "--tenant", "default"], { DATABASE_URL: "postgres://127.0.0.1:1/none" });
    assert.equal(unset.code, 1);
    assert.match(unset.stderr, /ONEROSTER_SECRET_KEY is not set: with DATABASE_URL it is required/);
    const bad = await runCli(["clients", "list"], { ...db.env(), ONEROSTER_SECRET_KEY: "hunter2" });
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /ONEROSTER_SECRET_KEY=\(hidden\): must be the base64 of exactly 32 random bytes/);
    assert.ok(!bad.stderr.includes("hunter2"));
  });
});
