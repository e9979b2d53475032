import assert from "node:assert/strict";
import { readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { edlevoInputs, edlevoSettingsSchema } from "../../../importers/edlevo/index.ts";
import { ImsFetchError } from "../../../importers/ims-enterprise/errors.ts";
import { loadImsInputs } from "../../../importers/ims-enterprise/importer.ts";
import { FIXTURES, AS_OF } from "./helpers.ts";
import { makeTestCertificates, type TestCertificates } from "./test-certificates.ts";

describe("Edlevo over HTTPS with a client certificate (mTLS)", () => {
  let certs: TestCertificates;
  let server: Server;
  let base: string;
  const requests: string[] = [];

  before(async () => {
    certs = makeTestCertificates();
    server = createServer(
      { key: readFileSync(certs.serverKey), cert: readFileSync(certs.serverCert), ca: readFileSync(certs.caCert), requestCert: true, rejectUnauthorized: true },
      (req, res) => {
        requests.push(req.url ?? "");
        const path = new URL(req.url ?? "/", "https://x").pathname;
        const file = { "/v12/GetCompulsorySchoolOrganization": "edlevo-complete.xml", "/v12/GetCompulsorySchoolOrganizationDelta": "edlevo-delta.xml", "/v8/GetPersonnel": "edlevo-personnel.xml" }[path];
        if (!file) {
          res.writeHead(404).end("no such service");
          return;
        }
        res.writeHead(200, { "content-type": "application/xml" });
        res.end(readFileSync(`${FIXTURES}${file}`));
      },
    );
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    rmSync(certs.dir, { recursive: true, force: true });
  });

  const settingsWith = (tls: { certFile: string; keyFile: string }, service = "/v12/GetCompulsorySchoolOrganization") =>
    edlevoSettingsSchema.parse({
      services: [{ url: `${base}${service}`, deltaUrl: `${base}/v12/GetCompulsorySchoolOrganizationDelta` }],
      personnelUrl: `${base}/v8/GetPersonnel`,
      tls: { ...tls, caFile: certs.caCert },
      timeoutMs: 5000,
    });

  it("reads the organisation and personnel services with the client certificate", async () => {
    const settings = settingsWith({ certFile: certs.clientCert, keyFile: certs.clientKey });
    const loaded = await loadImsInputs(edlevoInputs(settings), "tieto", settings, { today: AS_OF });
    assert.equal(loaded.delta, false);
    assert.equal(loaded.source.groups.size, 4);
    assert.equal(loaded.source.persons.size, 6, "seven persons, one of them protected");
    assert.equal(loaded.source.staffByUniqueId.get("E-T-0001")?.email, "karin.lund@demokommun.se");
  });

  it("asks the delta service for the window given", async () => {
    const settings = settingsWith({ certFile: certs.clientCert, keyFile: certs.clientKey });
    requests.length = 0;
    const inputs = edlevoInputs(settings, { delta: { start: "2026-09-01T12:00:00", end: "2026-09-02T12:00:00" } });
    const loaded = await loadImsInputs(inputs, "tieto", settings, { today: AS_OF });
    assert.equal(loaded.delta, true);
    assert.deepEqual(requests, ["/v12/GetCompulsorySchoolOrganizationDelta?StartDate=2026-09-01T12%3A00%3A00&EndDate=2026-09-02T12%3A00%3A00"]);
  });

  it("a certificate the server does not trust: an ImsFetchError naming the URL", async () => {
    const settings = settingsWith({ certFile: certs.strangerCert, keyFile: certs.strangerKey });
    await assert.rejects(loadImsInputs(edlevoInputs(settings), "tieto", settings, { today: AS_OF }), (error: unknown) => {
      assert.ok(error instanceof ImsFetchError, String(error));
      assert.match(error.message, new RegExp(`^GET ${base}/v12/GetCompulsorySchoolOrganization: `));
      return true;
    });
  });

  it("an answer other than 200: its status", async () => {
    const settings = settingsWith({ certFile: certs.clientCert, keyFile: certs.clientKey }, "/v12/Nothing");
    await assert.rejects(loadImsInputs(edlevoInputs(settings), "tieto", settings, { today: AS_OF }), {
      name: "ImsFetchError",
      message: `GET ${base}/v12/Nothing: HTTP 404 Not Found`,
    });
  });

  it("a missing certificate file: the path", async () => {
    const settings = settingsWith({ certFile: `${certs.dir}/none.crt`, keyFile: certs.clientKey });
    await assert.rejects(loadImsInputs(edlevoInputs(settings), "tieto", settings, { today: AS_OF }), {
      name: "ImsFetchError",
      message: `client certificate: ${certs.dir}/none.crt: no such file`,
    });
  });
});
