import assert from "node:assert/strict";
import { createHmac, randomUUID } from "node:crypto";
import { after, before, it } from "node:test";
import OAuth from "oauth-1.0a";
import { createClient, revokeClient } from "../../../src/api/auth/clients.ts";
import { IDS, loadSmallMunicipality } from "../../fixtures/small-municipality.ts";
import { TEST_SECRET_BOX } from "../../helpers/api-auth.ts";
import { startTestServer, type TestServer } from "../../helpers/api-server.ts";
import { describeEachEngine } from "../../helpers/databases.ts";

type Method = "HMAC-SHA256" | "HMAC-SHA1";

/** A OneRoster consumer as vendors write one: the oauth-1.0a package signing each request, header-borne parameters. */
function consumer(key: string, secret: string, method: Method = "HMAC-SHA256"): OAuth {
  const hash = method === "HMAC-SHA256" ? "sha256" : "sha1";
  return new OAuth({
    consumer: { key, secret },
    signature_method: method,
    hash_function: (base, signingKey) => createHmac(hash, signingKey).update(base).digest("base64"),
  });
}

function query(parameters: Record<string, string>): string {
  return Object.entries(parameters)
    .map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`)
    .join("&");
}

async function statusInfoOf(response: Response): Promise<{ code: string; description: string }> {
  const body = (await response.json()) as { statusInfoSet: Array<{ imsx_description: string; imsx_CodeMinor: { imsx_codeMinorField: Array<{ imsx_codeMinorFieldValue: string }> } }> };
  const info = body.statusInfoSet[0]!;
  return { code: info.imsx_CodeMinor.imsx_codeMinorField[0]!.imsx_codeMinorFieldValue, description: info.imsx_description };
}

describeEachEngine("OAuth 1.0a signed requests", (database) => {
  let server: TestServer;
  let key: string;
  let secret: string;
  const now = { at: new Date() };

  before(async () => {
    await loadSmallMunicipality(database().db);
    ({ clientId: key, clientSecret: secret } = await createClient(database().db, TEST_SECRET_BOX, {
      tenantId: "default",
      name: "vendor",
      schoolSourcedIds: null,
    }));
    server = await startTestServer(database(), { now: () => now.at });
  });
  after(() => server.close());

  /** Signs `path?params` as the client would and sends it; `tamper` changes what is sent after signing. */
  async function send(
    path: string,
    parameters: Record<string, string>,
    options: { signer?: OAuth; timestamp?: number; nonce?: string; sentParameters?: Record<string, string>; inQuery?: boolean } = {},
  ): Promise<Response> {
    const signer = options.signer ?? consumer(key, secret);
    const url = `${server.url}/ims/oneroster/v1p1${path}`;
    const signedUrl = Object.keys(parameters).length > 0 ? `${url}?${query(parameters)}` : url;
    const data = signer.authorize({ url: signedUrl, method: "GET" });
    if (options.timestamp !== undefined || options.nonce !== undefined) {
      // Re-sign with the given timestamp/nonce, as a client with a wrong clock or a replaying attacker would.
      Object.assign(data, {
        ...(options.timestamp !== undefined ? { oauth_timestamp: options.timestamp } : {}),
        ...(options.nonce !== undefined ? { oauth_nonce: options.nonce } : {}),
      });
      const { oauth_signature: _old, ...unsigned } = data;
      data.oauth_signature = signer.getSignature({ url: signedUrl, method: "GET" }, undefined, unsigned as OAuth.Data);
    }
    const sent = options.sentParameters ?? parameters;
    if (options.inQuery) {
      const all = { ...sent, ...(data as unknown as Record<string, string>) };
      return fetch(`${url}?${query(all)}`);
    }
    const sentUrl = Object.keys(sent).length > 0 ? `${url}?${query(sent)}` : url;
    return fetch(sentUrl, { headers: { ...signer.toHeader(data) } });
  }

  it("serves a request signed with HMAC-SHA256", async () => {
    const response = await send("/schools", { limit: "1", sort: "name" });
    assert.equal(response.status, 200);
    const body = (await response.json()) as { orgs: Array<{ sourcedId: string }> };
    assert.deepEqual(body.orgs.map((o) => o.sourcedId), [IDS.school1]);
  });

  it("serves a request signed with HMAC-SHA1", async () => {
    const response = await send("/users/" + IDS.teacher, {}, { signer: consumer(key, secret, "HMAC-SHA1") });
    assert.equal(response.status, 200);
    assert.equal(((await response.json()) as { user: { sourcedId: string } }).user.sourcedId, IDS.teacher);
  });

  it("verifies a filter with spaces, quotes and '=' in its value", async () => {
    const response = await send("/users", { filter: "role='student' AND familyName!='Nobody Here'", fields: "sourcedId" });
    assert.equal(response.status, 200);
    const ids = ((await response.json()) as { users: Array<{ sourcedId: string }> }).users.map((u) => u.sourcedId).sort();
    assert.deepEqual(ids, [IDS.student1, IDS.student2, IDS.student3]);
  });

  it("accepts the protocol parameters in the query string instead of the header", async () => {
    const response = await send("/schools", { limit: "1" }, { inQuery: true });
    assert.equal(response.status, 200);
  });

  it("refuses a wrong secret with 401, saying the signature does not match", async () => {
    const response = await send("/schools", {}, { signer: consumer(key, `${secret}x`) });
    assert.equal(response.status, 401);
    assert.equal(response.headers.get("www-authenticate"), 'OAuth realm="OneRoster"');
    const info = await statusInfoOf(response);
    assert.equal(info.code, "unauthorisedrequest");
    assert.match(info.description, /^OAuth 1\.0a: the HMAC-SHA256 signature does not match; the server signed GET http:\/\/127\.0\.0\.1:\d+\/ims\/oneroster\/v1p1\/schools with/);
  });

  it("refuses a query changed after signing with 401", async () => {
    const response = await send("/users", { limit: "1" }, { sentParameters: { limit: "1000" } });
    assert.equal(response.status, 401);
    const info = await statusInfoOf(response);
    assert.match(info.description, /signature does not match; the server signed GET \S+\/users\?limit=1000 /);
  });

  it("refuses a timestamp more than 5 minutes off with 401", async () => {
    const stale = Math.floor(now.at.getTime() / 1000) - 301;
    const response = await send("/schools", {}, { timestamp: stale });
    assert.equal(response.status, 401);
    const info = await statusInfoOf(response);
    assert.equal(info.code, "unauthorisedrequest");
    assert.match(info.description, new RegExp(`oauth_timestamp "${stale}" is more than 5 minutes from the server's clock`));
  });

  it("refuses a replayed nonce with 401", async () => {
    const nonce = randomUUID();
    const first = await send("/schools", {}, { nonce });
    assert.equal(first.status, 200);
    const replay = await send("/schools", {}, { nonce });
    assert.equal(replay.status, 401);
    assert.match((await statusInfoOf(replay)).description, new RegExp(`oauth_nonce "${nonce}" was already used`));
    const stored = await database().db.selectFrom("oauth_nonces").select("client_id").where("nonce", "=", nonce).execute();
    assert.deepEqual(stored, [{ client_id: key }]);
  });

  it("answers 400 for a missing parameter or an unsupported signature method", async () => {
    const missing = await fetch(`${server.url}/ims/oneroster/v1p1/schools`, {
      headers: { Authorization: `OAuth oauth_consumer_key="${key}", oauth_signature_method="HMAC-SHA256", oauth_signature="x"` },
    });
    assert.equal(missing.status, 400);
    assert.deepEqual(await statusInfoOf(missing), { code: "invaliddata", description: "OAuth 1.0a: missing oauth_timestamp, oauth_nonce" });

    const plaintext = new OAuth({ consumer: { key, secret }, signature_method: "PLAINTEXT" });
    const url = `${server.url}/ims/oneroster/v1p1/schools`;
    const response = await fetch(url, { headers: { ...plaintext.toHeader(plaintext.authorize({ url, method: "GET" })) } });
    assert.equal(response.status, 400);
    assert.match((await statusInfoOf(response)).description, /oauth_signature_method "PLAINTEXT" is not supported/);
  });

  it("refuses an unknown consumer key and, within 30 seconds, a revoked one", async () => {
    const unknown = await send("/schools", {}, { signer: consumer("no-such-key", secret) });
    assert.equal(unknown.status, 401);
    assert.match((await statusInfoOf(unknown)).description, /consumer key "no-such-key" is unknown or revoked/);

    const revoked = await createClient(database().db, TEST_SECRET_BOX, { tenantId: "default", name: "gone", schoolSourcedIds: null });
    assert.equal((await send("/schools", {}, { signer: consumer(revoked.clientId, revoked.clientSecret) })).status, 200);
    await revokeClient(database().db, revoked.clientId);
    now.at = new Date(now.at.getTime() + 31_000);
    const after = await send("/schools", {}, { signer: consumer(revoked.clientId, revoked.clientSecret) });
    assert.equal(after.status, 401);
  });
});

describeEachEngine("OAuth 1.0a behind a TLS-terminating proxy", (database) => {
  it("verifies the signature over the URL the client saw (X-Forwarded-Proto/Host) when TRUST_PROXY is set", async () => {
    const { clientId, clientSecret } = await createClient(database().db, TEST_SECRET_BOX, { tenantId: "default", name: "v", schoolSourcedIds: null });
    const server = await startTestServer(database(), { settings: { TRUST_PROXY: 1 } });
    try {
      const signer = consumer(clientId, clientSecret);
      const seen = "https://roster.example.se/ims/oneroster/v1p1/orgs";
      const headers = { ...signer.toHeader(signer.authorize({ url: seen, method: "GET" })), "X-Forwarded-Proto": "https", "X-Forwarded-Host": "roster.example.se" };
      const response = await fetch(`${server.url}/ims/oneroster/v1p1/orgs`, { headers });
      assert.equal(response.status, 200);
      const body = (await response.json()) as { orgs: unknown[] };
      assert.deepEqual(body.orgs, []);
    } finally {
      await server.close();
    }
  });
});
