import assert from "node:assert/strict";
import { after, before, it } from "node:test";
import request from "supertest";
import { createClient } from "../../../src/api/auth/clients.ts";
import { IDS, loadSmallMunicipality } from "../../fixtures/small-municipality.ts";
import { accessTokenFor, TEST_SECRET_BOX } from "../../helpers/api-auth.ts";
import { startTestServer, type TestServer } from "../../helpers/api-server.ts";
import { describeEachEngine } from "../../helpers/databases.ts";
import { readZip } from "../../csv/zip-contents.ts";

const PATH = "/admin/tenants/default/exports/oneroster-csv.zip";

function binary(res: request.Response, done: (error: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on("data", (chunk: Buffer) => chunks.push(chunk));
  res.on("end", () => done(null, Buffer.concat(chunks)));
}

describeEachEngine("GET /admin/tenants/{t}/exports/oneroster-csv.zip", (database) => {
  let server: TestServer;
  const tokens: Record<"full" | "schoolTwo" | "gradebook", string> = { full: "", schoolTwo: "", gradebook: "" };

  before(async () => {
    await loadSmallMunicipality(database().db);
    server = await startTestServer(database());
    const make = async (scopes: string[], schools: string[] | null) => {
      const { clientId, clientSecret } = await createClient(database().db, TEST_SECRET_BOX, { tenantId: "default", name: "csv", scopes, schoolSourcedIds: schools });
      return accessTokenFor(server.app, clientId, clientSecret);
    };
    tokens.full = await make(["roster.readonly"], null);
    tokens.schoolTwo = await make(["roster.readonly"], [IDS.school2]);
    tokens.gradebook = await make(["gradebook.readonly"], null);
  });
  after(() => server.close());

  const get = (path: string, token?: string) => {
    const call = request(server.app).get(path).buffer(true).parse(binary);
    return token ? call.auth(token, { type: "bearer" }) : call;
  };

  it("streams the tenant's bulk zip (active rows) to a client holding roster.readonly", async () => {
    const response = await get(PATH, tokens.full);
    assert.equal(response.status, 200);
    assert.equal(response.headers["content-type"], "application/zip");
    assert.equal(response.headers["content-disposition"], 'attachment; filename="oneroster-default-bulk.zip"');
    const files = await readZip(response.body as Buffer);
    assert.ok(files.get("manifest.csv")!.includes("file.users,bulk"));
    const users = files.get("users.csv")!.trim().split("\n").slice(1);
    assert.deepEqual(users.map((line) => line.split(",")[0]).sort(), [IDS.guardian, IDS.teacher, IDS.student1, IDS.student2].sort());
  });

  it("gives a school-limited client only its school's data, and refuses a wider ?schools", async () => {
    const response = await get(PATH, tokens.schoolTwo);
    assert.equal(response.status, 200);
    const files = await readZip(response.body as Buffer);
    const classes = files.get("classes.csv")!.trim().split("\n").slice(1);
    assert.deepEqual(classes.map((line) => line.split(",")[0]), [IDS.class2]);
    const wider = await get(`${PATH}?schools=${IDS.school1}`, tokens.schoolTwo);
    assert.equal(wider.status, 404);
  });

  it("writes a delta since a time", async () => {
    const response = await get(`${PATH}?since=2999-01-01T00:00:00Z`, tokens.full);
    assert.equal(response.status, 200);
    assert.equal(response.headers["content-disposition"], 'attachment; filename="oneroster-default-delta.zip"');
    const files = await readZip(response.body as Buffer);
    assert.deepEqual([...files.keys()], ["manifest.csv"]);
    assert.ok(files.get("manifest.csv")!.includes("file.users,absent"));
  });

  it("answers 400 naming a bad since, 401 without credentials, 403 without the scope, 404 for another tenant", async () => {
    const bad = await request(server.app).get(`${PATH}?since=yesterday`).auth(tokens.full, { type: "bearer" });
    assert.equal(bad.status, 400);
    assert.equal(bad.headers["content-disposition"], undefined);
    assert.match(bad.body.statusInfoSet[0].imsx_description, /^since: "yesterday" is not an ISO 8601 date-time/);
    assert.equal((await request(server.app).get(PATH)).status, 401);
    assert.equal((await request(server.app).get(PATH).auth(tokens.gradebook, { type: "bearer" })).status, 403);
    const other = await request(server.app).get("/admin/tenants/other/exports/oneroster-csv.zip").auth(tokens.full, { type: "bearer" });
    assert.equal(other.status, 404);
    assert.equal(other.body.statusInfoSet[0].imsx_description, 'unknown tenant "other"');
  });
});
