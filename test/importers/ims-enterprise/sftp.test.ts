import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import iconv from "iconv-lite";
import { alvisInputs, alvisSettingsSchema } from "../../../importers/alvis/index.ts";
import { ImsFetchError } from "../../../importers/ims-enterprise/errors.ts";
import { loadImsInputs } from "../../../importers/ims-enterprise/importer.ts";
import { plainImsXml } from "../../fixtures/ims-enterprise/plain.ts";
import { AS_OF } from "./helpers.ts";
import { startDownloadSftpServer } from "./sftp-download-server.ts";

describe("Alvis export fetched by SFTP", () => {
  const root = mkdtempSync(join(tmpdir(), "ims-sftp-"));
  let server: Awaited<ReturnType<typeof startDownloadSftpServer>>;
  const env = { ALVIS_SFTP_PASSWORD: "hemligt" };
  before(async () => {
    writeFileSync(join(root, "export.xml"), iconv.encode(plainImsXml({ encoding: "ISO-8859-1", register: "Alvis" }), "latin1"));
    server = await startDownloadSftpServer({ root, username: "alvis", password: env.ALVIS_SFTP_PASSWORD });
  });
  after(async () => {
    await server.close();
    rmSync(root, { recursive: true, force: true });
  });

  const settings = (extra: Record<string, unknown> = {}) =>
    alvisSettingsSchema.parse({ sftp: { host: "127.0.0.1", port: server.port, username: "alvis", passwordEnv: "ALVIS_SFTP_PASSWORD", path: "/export.xml", ...extra } });

  it("streams the file from the server (host key checked) and reads it", async () => {
    const s = settings({ hostKeySha256: server.hostKeySha256 });
    const loaded = await loadImsInputs(alvisInputs(s, env), "plain", s, { today: AS_OF });
    assert.deepEqual([...loaded.source.persons.keys()], ["850704-1120", "10042", "10043", "T-77"]);
    assert.equal(loaded.source.persons.get("T-77")?.family, "Lärare");
  });

  it("a wrong host key, a wrong password or a missing file: an ImsFetchError naming the place", async () => {
    const where = `sftp://alvis@127.0.0.1:${server.port}`;
    const load = (s: ReturnType<typeof settings>, e: NodeJS.ProcessEnv = env) => loadImsInputs(alvisInputs(s, e), "plain", s, { today: AS_OF });
    await assert.rejects(load(settings({ hostKeySha256: "AAAA" })), (error: unknown) => error instanceof ImsFetchError && error.message.startsWith(`${where}/export.xml: `));
    await assert.rejects(load(settings(), { ALVIS_SFTP_PASSWORD: "fel" }), (error: unknown) => error instanceof ImsFetchError && error.message.startsWith(`${where}/export.xml: `));
    await assert.rejects(load(settings({ path: "/none.xml" })), (error: unknown) => error instanceof ImsFetchError && /^sftp:\/\/alvis@127\.0\.0\.1:\d+\/none\.xml: .*No such file/i.test(error.message));
    await assert.rejects(load(settings(), {}), { name: "ImsFetchError", message: "the environment variable ALVIS_SFTP_PASSWORD (the SFTP password) is not set" });
  });
});
