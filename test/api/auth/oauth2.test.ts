import assert from "node:assert/strict";
import { after, before, it } from "node:test";
import request from "supertest";
import { createClient, revokeClient } from "../../../src/api/auth/clients.ts";
import { ResponseCache } from "../../../src/api/v1p1/response-cache.ts";
import { IDS, loadSmallMunicipality } from "../../fixtures/small-municipality.ts";
import { accessTokenFor, TEST_SECRET_BOX } from "../../helpers/api-auth.ts";
import { startTestServer, type TestServer } from "../../helpers/api-server.ts";
import { describeEachEngine } from "../../helpers/databases.ts";

const V1P1 = "https://purl.imsglobal.org/spec/or/v1p1/scope/";
const V1P2 = "https://purl.imsglobal.org/spec/or/v1p2/scope/";

function codeMinorOf(body: unknown): string {
  return (body as { statusInfoSet: Array<{ imsx_CodeMinor: { imsx_codeMinorField: Array<{ imsx_codeMinorFieldValue: string }> } }> })
    .statusInfoSet[0]!.imsx_CodeMinor.imsx_codeMinorField[0]!.imsx_codeMinorFieldValue;
}

describeEachEngine("OAuth 2 client credentials and bearer tokens", (database) => {
  let server: TestServer;
  let id: string;
  let secret: string;
  const now = { at: new Date("2026-11-25T10:00:00.000Z") };

  before(async () => {
    await loadSmallMunicipality(database().db);
    ({ clientId: id, clientSecret: secret } = await createClient(database().db, TEST_SECRET_BOX, {
      tenantId: "default",
      name: "sds",
      scopes: ["roster.readonly", "gradebook.readonly"],
      schoolSourcedIds: null,
    }));
    server = await startTestServer(database(), { now: () => now.at });
  });
  after(() => server.close());

  it("issues a bearer token for HTTP Basic credentials, never cached", async () => {
    const response = await request(server.app).post("/token").auth(id, secret).type("form").send("grant_type=client_credentials");
    assert.equal(response.status, 200);
    assert.equal(response.headers["cache-control"], "no-store");
    const { access_token, ...rest } = response.body as Record<string, unknown>;
    assert.deepEqual(rest, { token_type: "bearer", expires_in: 3600, scope: `${V1P1}roster.readonly ${V1P1}gradebook.readonly` });
    assert.match(String(access_token), /^[\w-]+\.[\w-]+\.[\w-]+$/);
    const users = await request(server.app).get("/ims/oneroster/v1p1/users?fields=sourcedId&sort=sourcedId").auth(String(access_token), { type: "bearer" });
    assert.equal(users.status, 200);
    assert.equal(users.body.users.length, 5);
  });

  it("refuses a wrong secret, an unknown client and missing credentials with invalid_client", async () => {
    for (const [user, password] of [[id, `${secret}x`], ["nobody", secret]] as const) {
      const response = await request(server.app).post("/token").auth(user, password).type("form").send("grant_type=client_credentials");
      assert.equal(response.status, 401);
      assert.equal(response.headers["www-authenticate"], 'Basic realm="OneRoster"');
      assert.deepEqual(response.body, { error: "invalid_client", error_description: "unknown client, revoked client or wrong secret" });
    }
    const none = await request(server.app).post("/token").type("form").send("grant_type=client_credentials");
    assert.equal(none.status, 401);
    assert.equal(none.body.error, "invalid_client");
  });

  it("takes a token in the query too, and never copies it into the Link header", async () => {
    const token = await accessTokenFor(server.app, id, secret);
    const response = await request(server.app).get(`/ims/oneroster/v1p1/users?limit=2&access_token=${token}`);
    assert.equal(response.status, 200);
    assert.match(response.headers.link!, /rel="next"/);
    assert.doesNotMatch(response.headers.link!, /access_token/);
  });

  it("refuses other grant types and scopes the client does not hold", async () => {
    const password = await request(server.app).post("/token").auth(id, secret).type("form").send("grant_type=password");
    assert.equal(password.status, 400);
    assert.deepEqual(password.body, { error: "unsupported_grant_type", error_description: 'grant_type must be client_credentials, not "password"' });
    const notHeld = await request(server.app).post("/token").auth(id, secret).type("form").send(`grant_type=client_credentials&scope=${encodeURIComponent(`${V1P1}gradebook.delete`)}`);
    assert.equal(notHeld.status, 400);
    assert.equal(notHeld.body.error, "invalid_scope");
    const unknown = await request(server.app).post("/token").auth(id, secret).type("form").send("grant_type=client_credentials&scope=roster.everything");
    assert.deepEqual(unknown.body, { error: "invalid_scope", error_description: 'unknown scope "roster.everything"' });
  });

  it("narrows a token to the scopes asked for, in v1p1 or v1p2 spelling, and answers 403 beyond them", async () => {
    const token = await accessTokenFor(server.app, id, secret, `${V1P2}gradebook.readonly`);
    const lineItems = await request(server.app).get("/ims/oneroster/v1p1/lineItems").auth(token, { type: "bearer" });
    assert.equal(lineItems.status, 200);
    const users = await request(server.app).get("/ims/oneroster/v1p1/users").auth(token, { type: "bearer" });
    assert.equal(users.status, 403);
    assert.equal(codeMinorOf(users.body), "forbidden");
    assert.match(users.body.statusInfoSet[0].imsx_description, /needs the scope .*roster-core\.readonly or .*roster\.readonly/);
  });

  it("refuses an altered token, an expired one, and no credentials with 401", async () => {
    const token = await accessTokenFor(server.app, id, secret);
    const [header, payload, signature] = token.split(".");
    const claims = JSON.parse(Buffer.from(payload!, "base64url").toString()) as Record<string, unknown>;
    const forged = `${header}.${Buffer.from(JSON.stringify({ ...claims, tenant: "other" })).toString("base64url")}.${signature}`;
    const altered = await request(server.app).get("/ims/oneroster/v1p1/users").auth(forged, { type: "bearer" });
    assert.equal(altered.status, 401);
    assert.equal(codeMinorOf(altered.body), "unauthorisedrequest");
    assert.match(altered.headers["www-authenticate"]!, /^Bearer realm="OneRoster", error="invalid_token"/);

    now.at = new Date(now.at.getTime() + 3601_000);
    const expired = await request(server.app).get("/ims/oneroster/v1p1/users").auth(token, { type: "bearer" });
    assert.equal(expired.status, 401);
    assert.match(expired.body.statusInfoSet[0].imsx_description, /expired; get a new one at POST \/token/);

    const anonymous = await request(server.app).get("/ims/oneroster/v1p1/users");
    assert.equal(anonymous.status, 401);
    assert.equal(anonymous.headers["www-authenticate"], 'Bearer realm="OneRoster", OAuth realm="OneRoster"');
  });

  it("stops a revoked client's tokens within 30 seconds", async () => {
    const gone = await createClient(database().db, TEST_SECRET_BOX, { tenantId: "default", name: "gone", schoolSourcedIds: null });
    const token = await accessTokenFor(server.app, gone.clientId, gone.clientSecret);
    assert.equal((await request(server.app).get("/ims/oneroster/v1p1/schools").auth(token, { type: "bearer" })).status, 200);
    await revokeClient(database().db, gone.clientId);
    now.at = new Date(now.at.getTime() + 31_000);
    assert.equal((await request(server.app).get("/ims/oneroster/v1p1/schools").auth(token, { type: "bearer" })).status, 401);
    const again = await request(server.app).post("/token").auth(gone.clientId, gone.clientSecret).type("form").send("grant_type=client_credentials");
    assert.equal(again.status, 401);
  });

  it("shows a school-limited client only its school", async () => {
    const limited = await createClient(database().db, TEST_SECRET_BOX, { tenantId: "default", name: "one school", schoolSourcedIds: [IDS.school2] });
    const token = await accessTokenFor(server.app, limited.clientId, limited.clientSecret);
    const schools = await request(server.app).get("/ims/oneroster/v1p1/schools").auth(token, { type: "bearer" });
    assert.deepEqual(schools.body.orgs.map((o: { sourcedId: string }) => o.sourcedId), [IDS.school2]);
    const other = await request(server.app).get(`/ims/oneroster/v1p1/schools/${IDS.school1}`).auth(token, { type: "bearer" });
    assert.equal(other.status, 404);
  });
});

describeEachEngine("bearer tokens with the response cache in front of the routes", (database) => {
  it("never answers a caller from an entry stored for other scopes or schools", async () => {
    await loadSmallMunicipality(database().db);
    const cache = new ResponseCache();
    const server = await startTestServer(database(), { responseCache: cache });
    try {
      const make = async (name: string, scopes: string[], schools: string[] | null) => {
        const { clientId, clientSecret } = await createClient(database().db, TEST_SECRET_BOX, { tenantId: "default", name, scopes, schoolSourcedIds: schools });
        return accessTokenFor(server.app, clientId, clientSecret);
      };
      const full = await make("full", ["roster.readonly"], null);
      const gradebookOnly = await make("grades", ["gradebook.readonly"], null);
      const schoolTwo = await make("school 2", ["roster.readonly"], [IDS.school2]);
      // One origin for all requests: hrefs carry the host, so it is part of the key.
      const get = (token: string) => request(server.url).get("/ims/oneroster/v1p1/schools").auth(token, { type: "bearer" });
      for (let i = 0; i < 2; i++) {
        assert.equal((await get(full)).body.orgs.length, 2);
        assert.equal((await get(gradebookOnly)).status, 403);
        assert.deepEqual((await get(schoolTwo)).body.orgs.map((o: { sourcedId: string }) => o.sourcedId), [IDS.school2]);
      }
      assert.equal(cache.stats().hits, 2, "the second round of the two readers is served from the cache");
    } finally {
      await server.close();
    }
  });
});

describeEachEngine("API limits and headers", (database) => {
  let server: TestServer;
  let token: string;

  before(async () => {
    const { clientId, clientSecret } = await createClient(database().db, TEST_SECRET_BOX, { tenantId: "default", name: "busy", scopes: ["roster.readonly", "gradebook.createput"], schoolSourcedIds: null });
    server = await startTestServer(database(), { settings: { RATE_LIMIT_PER_MINUTE: 3, CORS_ORIGINS: ["https://app.example.se"] } });
    token = await accessTokenFor(server.app, clientId, clientSecret);
  });
  after(() => server.close());

  it("answers 429 server_busy past the client's rate limit", async () => {
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await request(server.app).get("/ims/oneroster/v1p1/orgs").auth(token, { type: "bearer" })).status);
    assert.deepEqual(statuses, [200, 200, 200, 429]);
    const refused = await request(server.app).get("/ims/oneroster/v1p1/orgs").auth(token, { type: "bearer" });
    assert.equal(codeMinorOf(refused.body), "server_busy");
  });

  it("sends security headers, and CORS only for configured origins", async () => {
    const allowed = await request(server.app).get("/health").set("Origin", "https://app.example.se");
    assert.equal(allowed.headers["x-content-type-options"], "nosniff");
    assert.equal(allowed.headers["access-control-allow-origin"], "https://app.example.se");
    const other = await request(server.app).get("/health").set("Origin", "https://evil.example");
    assert.equal(other.headers["access-control-allow-origin"], undefined);
  });

  it("refuses a body over the size limit with 413 before reading it all", async () => {
    const big = JSON.stringify({ category: { sourcedId: "c", status: "active", title: "x".repeat(300_000) } });
    const response = await request(server.app).put("/ims/oneroster/v1p1/categories/c").auth(token, { type: "bearer" }).type("json").send(big);
    assert.equal(response.status, 413);
    assert.equal(codeMinorOf(response.body), "invaliddata");
    assert.equal(response.body.statusInfoSet[0].imsx_description, "the request body is too large");
  });
});

describeEachEngine("CORS by default", (database) => {
  it("sends no CORS header when CORS_ORIGINS is unset", async () => {
    const server = await startTestServer(database());
    try {
      const response = await request(server.app).get("/health").set("Origin", "https://app.example.se");
      assert.equal(response.headers["access-control-allow-origin"], undefined);
    } finally {
      await server.close();
    }
  });
});
