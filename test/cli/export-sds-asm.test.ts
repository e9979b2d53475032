import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { migrateToLatest } from "../../db/migrator.ts";
import { readZip } from "../csv/zip-contents.ts";
import { startFakeSftpServer, type FakeSftpServer } from "../fakes/sftp/server.ts";
import { EXPECTED, readFolder } from "../fixtures/exports/expected-files.ts";
import { loadRosterTenant, TENANT } from "../fixtures/exports/roster-tenant.ts";
import { runCli } from "../helpers/cli.ts";
import { cliDatabase } from "../helpers/cli-database.ts";

const db = cliDatabase("oneroster-sds-asm-data-");
const outDir = mkdtempSync(join(tmpdir(), "oneroster-sds-asm-out-"));
const env = () => ({ ...db.env(), ASM_PASSWORD: "s3cret", BAD_PASSWORD: "nope" });
const text = (files: Map<string, Buffer>) => new Map([...files].map(([name, content]) => [name, content.toString("utf8")] as const).sort());

describe("oneroster export sds | asm", () => {
  let server: FakeSftpServer;
  const sftpArgs = () => ["--sftp-host", server.host, "--sftp-port", String(server.port), "--sftp-user", "school", "--sftp-path", "/dropbox/Archive.zip"];

  before(async () => {
    await db.setUp();
    const database = await db.open();
    await migrateToLatest(database.db);
    await loadRosterTenant(database.db);
    await database.close();
    server = await startFakeSftpServer({ username: "school", password: "s3cret" });
    mkdirSync(join(server.root, "dropbox"));
  });
  after(async () => {
    await server.close();
    await db.tearDown();
    rmSync(outDir, { recursive: true, force: true });
  });

  it("sds writes the v2.1 files to a folder and says what it wrote and left out", async () => {
    const out = join(outDir, "sds");
    const { code, stdout, stderr } = await runCli(["export", "sds", "--tenant", TENANT, "--out", out], env());
    assert.equal(code, 0, stderr);
    assert.deepEqual(text(readFolder(out)), text(readFolder(join(EXPECTED, "sds-v2.1"))));
    assert.match(stdout, new RegExp(`^sds export [0-9a-f-]{36}: wrote ${out.replaceAll("/", "\\/")}: 31 rows in [\\d.]+ s$`, "m"));
    assert.match(stdout, /^ {2}users\.csv: 5 \(2 left out\)$/m);
    assert.match(stdout, /^warning: users teacher-olle: left out of users\.csv: the username is not a full UPN/m);
  });

  it("sds --format v1 with personnummer and demographics writes a zip of the six files", async () => {
    const out = join(outDir, "sds-v1.zip");
    const { code, stderr } = await runCli(["export", "sds", "--tenant", TENANT, "--format", "v1", "--include-personnummer", "--include-demographics", "--out", out], env());
    assert.equal(code, 0, stderr);
    assert.deepEqual(new Map([...(await readZip(readFileSync(out)))].sort()), text(readFolder(join(EXPECTED, "sds-v1-personnummer-demographics"))));
    assert.deepEqual(readdirSync(outDir).filter((name) => name.endsWith(".tmp")), []);
  });

  it("asm --upload writes the zip and uploads it to the SFTP path", async () => {
    const out = join(outDir, "Archive.zip");
    const { code, stdout, stderr } = await runCli(["export", "asm", "--tenant", TENANT, "--out", out, "--upload", ...sftpArgs(), "--sftp-password-env", "ASM_PASSWORD"], env());
    assert.equal(code, 0, stderr);
    assert.deepEqual(server.files(), ["/dropbox/Archive.zip"]);
    assert.deepEqual(readFileSync(join(server.root, "dropbox/Archive.zip")), readFileSync(out));
    assert.deepEqual(new Map([...(await readZip(readFileSync(out)))].sort()), text(readFolder(join(EXPECTED, "asm"))));
    assert.match(stdout, new RegExp(`^uploaded ${readFileSync(out).length} bytes$`, "m"));
  });

  it("asm --upload --dry-run without --out writes a local zip and uploads nothing", async () => {
    rmSync(join(server.root, "dropbox/Archive.zip"), { force: true });
    const { code, stdout, stderr } = await runCli(["export", "asm", "--tenant", TENANT, "--upload", "--dry-run", ...sftpArgs(), "--sftp-password-env", "ASM_PASSWORD"], env());
    assert.equal(code, 0, stderr);
    assert.deepEqual(server.files(), []);
    const path = /wrote (\S+Archive\.zip): /.exec(stdout)?.[1];
    assert.ok(path, stdout);
    assert.deepEqual(new Map([...(await readZip(readFileSync(path)))].sort()), text(readFolder(join(EXPECTED, "asm"))));
    assert.match(stdout, /^dry run: nothing uploaded$/m);
    rmSync(join(path, ".."), { recursive: true, force: true });
  });

  it("a failed upload is one line and exit 1; nothing lands on the server", async () => {
    const { code, stdout, stderr } = await runCli(["export", "asm", "--tenant", TENANT, "--upload", ...sftpArgs(), "--sftp-password-env", "BAD_PASSWORD"], env());
    assert.equal(code, 1);
    assert.equal(stdout, "");
    assert.equal(stderr.trim().split("\n").at(-1), `error: SFTP upload to sftp://school@127.0.0.1:${server.port}/dropbox/Archive.zip failed: All configured authentication methods failed`);
    assert.deepEqual(server.files(), []);
  });

  it("says plainly what is wrong with the options", async () => {
    const cases: Array<[string[], string]> = [
      [["export", "sds", "--tenant", "nobody", "--out", join(outDir, "x")], 'error: --tenant: there is no tenant "nobody"'],
      [["export", "sds", "--tenant", TENANT, "--format", "v3", "--out", join(outDir, "x")], "error: --format: "],
      [["export", "sds", "--tenant", TENANT, "--schools", "org-district", "--out", join(outDir, "x")], 'error: --schools: org "org-district" of tenant "exports" is a district, not a school'],
      [["export", "sds", "--tenant", TENANT], "error: --out: say where the files go (--out PATH), or --upload them"],
      [["export", "asm", "--tenant", TENANT, "--upload"], "error: --upload: give the SFTP target"],
      [["export", "asm", "--tenant", TENANT, "--upload", "--out", join(outDir, "folder"), ...sftpArgs(), "--sftp-password-env", "ASM_PASSWORD"], "error: --out: an upload needs a zip"],
      [["export", "asm", "--tenant", TENANT, "--upload", ...sftpArgs()], "error: --sftp-password-env or --sftp-key-file: give a password (passwordEnv) or a private key (privateKeyFile)"],
      [["export", "sds", "--tenant", TENANT, "--upn-suffix", "@bad", "--out", join(outDir, "x")], "error: --upn-suffix: a domain such as skola.exempel.se"],
    ];
    for (const [args, message] of cases) {
      const { code, stderr } = await runCli(args, env());
      assert.equal(code, 1, args.join(" "));
      assert.ok(stderr.trim().split("\n").at(-1)!.startsWith(message), `${args.join(" ")}: ${stderr}`);
    }
  });
});
