import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import ssh2 from "ssh2";
import { asmExporter, readAsmSnapshot } from "../../../exporters/apple-school-manager/exporter.ts";
import { asmSettingsSchema } from "../../../exporters/apple-school-manager/settings.ts";
import { listExportRuns } from "../../../exporters/run-record.ts";
import { runRecordedExport } from "../../../exporters/file-set/run.ts";
import { sftpSettingsSchema, type SftpSettingsInput } from "../../../exporters/sftp/settings.ts";
import { SftpUploadError } from "../../../exporters/sftp/upload.ts";
import type { DatabaseHandle } from "../../../db/connection.ts";
import { readZip } from "../../csv/zip-contents.ts";
import { startFakeSftpServer, type FakeSftpServer } from "../../fakes/sftp/server.ts";
import { readFolder, EXPECTED } from "../../fixtures/exports/expected-files.ts";
import { loadRosterTenant, TENANT } from "../../fixtures/exports/roster-tenant.ts";
import { openTestDatabase } from "../../helpers/databases.ts";
import { createHash } from "node:crypto";

const REMOTE = "/dropbox/Archive.zip";
const PASSWORD = "correct horse battery staple";

describe("Apple School Manager upload over SFTP (a real SFTP server on 127.0.0.1)", () => {
  let database: DatabaseHandle;
  let server: FakeSftpServer;
  let work: string;
  let keyFile: string;
  const env = { ASM_SFTP_PASSWORD: PASSWORD, WRONG_PASSWORD: "hunter2" };

  before(async () => {
    database = await openTestDatabase("pglite");
    await loadRosterTenant(database.db);
    work = mkdtempSync(join(tmpdir(), "asm-upload-"));
    const key = ssh2.utils.generateKeyPairSync("ed25519");
    keyFile = join(work, "id_ed25519");
    writeFileSync(keyFile, key.private, { mode: 0o600 });
    server = await startFakeSftpServer({ username: "asm-user", password: PASSWORD, publicKey: key.public });
    mkdirSync(join(server.root, "dropbox"));
  });
  after(async () => {
    await server.close();
    await database.close();
    rmSync(work, { recursive: true, force: true });
  });

  const sftp = (overrides: Partial<SftpSettingsInput> = {}) =>
    sftpSettingsSchema.parse({ host: server.host, port: server.port, username: "asm-user", passwordEnv: "ASM_SFTP_PASSWORD", remotePath: REMOTE, ...overrides });

  const exportAndUpload = async (out: string, sftpSettings: ReturnType<typeof sftp>, dryRun = false) => {
    const settings = asmSettingsSchema.parse({ sftp: sftpSettings });
    const snapshot = await readAsmSnapshot(database.db, TENANT, settings);
    return runRecordedExport(database.db, asmExporter, snapshot, { db: database.db, out, sftp: sftpSettings, env }, { tenantId: TENANT, targetId: "asm", dryRun });
  };

  const remoteEntries = async () => readZip(readFileSync(join(server.root, REMOTE)));
  const expectedEntries = () => new Map([...readFolder(join(EXPECTED, "asm"))].map(([name, content]) => [name, content.toString("utf8")] as const));

  it("uploads the zip to the configured path with a password, under a temporary name first", async () => {
    const { outcome } = await exportAndUpload(join(work, "a.zip"), sftp());
    assert.deepEqual(server.files(), [REMOTE]);
    assert.deepEqual(new Map([...(await remoteEntries())].sort()), new Map([...expectedEntries()].sort()));
    assert.deepEqual(readFileSync(join(server.root, REMOTE)), readFileSync(join(work, "a.zip")));
    assert.equal(server.written.length, 1);
    assert.match(server.written[0]!, /^\/dropbox\/\.Archive\.zip\.[0-9a-f]{12}\.part$/);
    assert.deepEqual(outcome.counts.upload, { files: 1, bytes: readFileSync(join(work, "a.zip")).length });
  });

  it("uploads with a private key and replaces the earlier zip", async () => {
    writeFileSync(join(server.root, REMOTE), "an earlier upload");
    await exportAndUpload(join(work, "b.zip"), sftp({ passwordEnv: undefined, privateKeyFile: keyFile }));
    assert.deepEqual(server.files(), [REMOTE]);
    assert.deepEqual(readFileSync(join(server.root, REMOTE)), readFileSync(join(work, "b.zip")));
  });

  it("checks the host key when its fingerprint is set", async () => {
    const good = createHash("sha256").update(server.hostPublicKey).digest("base64").replace(/=+$/, "");
    await exportAndUpload(join(work, "c.zip"), sftp({ hostKeySha256: `SHA256:${good}` }));
    await assert.rejects(exportAndUpload(join(work, "d.zip"), sftp({ hostKeySha256: "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" })), SftpUploadError);
  });

  it("a wrong password fails the run with the reason and writes nothing on the server", async () => {
    writeFileSync(join(server.root, REMOTE), "an earlier upload");
    const before = server.written.length;
    await assert.rejects(exportAndUpload(join(work, "e.zip"), sftp({ passwordEnv: "WRONG_PASSWORD" })), (error: unknown) => {
      assert.ok(error instanceof SftpUploadError);
      assert.equal(error.message, `SFTP upload to sftp://asm-user@127.0.0.1:${server.port}${REMOTE} failed: All configured authentication methods failed`);
      return true;
    });
    assert.equal(server.written.length, before);
    assert.deepEqual(server.files(), [REMOTE]);
    assert.equal(readFileSync(join(server.root, REMOTE), "utf8"), "an earlier upload");
    const [run] = await listExportRuns(database.db, TENANT, 1);
    assert.equal(run!.status, "failed");
    assert.match(run!.error!, /All configured authentication methods failed/);
  });

  it("a full disk fails the run with the reason and leaves no partial file, the earlier zip untouched", async () => {
    writeFileSync(join(server.root, REMOTE), "an earlier upload");
    server.setDiskFullAfterBytes(1000);
    try {
      await assert.rejects(exportAndUpload(join(work, "f.zip"), sftp()), (error: unknown) => {
        assert.ok(error instanceof SftpUploadError);
        assert.match(error.message, new RegExp(`^SFTP upload to sftp://asm-user@127\\.0\\.0\\.1:${server.port}/dropbox/Archive\\.zip failed: .*disk full`));
        return true;
      });
    } finally {
      server.setDiskFullAfterBytes(undefined);
    }
    assert.deepEqual(server.files(), [REMOTE]);
    assert.equal(readFileSync(join(server.root, REMOTE), "utf8"), "an earlier upload");
    const [run] = await listExportRuns(database.db, TENANT, 1);
    assert.equal(run!.status, "failed");
  });

  it("a dry run writes the zip locally and uploads nothing", async () => {
    rmSync(join(server.root, REMOTE), { force: true });
    const before = server.written.length;
    const { outcome } = await exportAndUpload(join(work, "g.zip"), sftp(), true);
    assert.equal(server.written.length, before);
    assert.deepEqual(server.files(), []);
    assert.equal(outcome.counts.upload, undefined);
    assert.deepEqual(new Map([...(await readZip(readFileSync(join(work, "g.zip"))))].sort()), new Map([...expectedEntries()].sort()));
    const [run] = await listExportRuns(database.db, TENANT, 1);
    assert.equal(run!.status, "dry-run");
  });

  it("a missing secret is named", async () => {
    await assert.rejects(exportAndUpload(join(work, "h.zip"), sftp({ passwordEnv: "NOT_SET_ANYWHERE" })), /SFTP: the environment variable NOT_SET_ANYWHERE is not set/);
  });
});
