import assert from "node:assert/strict";
import { before, it } from "node:test";
import type { Express } from "express";
import request from "supertest";
import { BASE_PATH } from "../../../src/api/v1p1/request-context.ts";
import { IDS, loadSmallMunicipality } from "../../fixtures/small-municipality.ts";
import { describeEachEngine } from "../../helpers/databases.ts";
import { OpenApiResponseChecker } from "../../helpers/openapi-response-check.ts";
import { validatedRoutesAs } from "../../helpers/v1p1-validated-app.ts";

const checker = new OpenApiResponseChecker();
const codeMinorOf = (body: any) => body.statusInfoSet[0].imsx_CodeMinor.imsx_codeMinorField[0].imsx_codeMinorFieldValue;

describeEachEngine("the OpenAPI request validator in front of the OneRoster 1.1 routes", (database) => {
  let app: Express;

  before(async () => {
    await loadSmallMunicipality(database().db);
    app = validatedRoutesAs(database());
  });

  it("refuses parameters the document does not allow with 400 invaliddata, naming them", async () => {
    for (const [query, description] of [
      ["limit=0", "query limit: must be >= 1"],
      ["limit=ten", "query limit: must be integer"],
      ["offset=-1", "query offset: must be >= 0"],
      ["orderBy=sideways", "query orderBy: must be equal to one of the allowed values: asc, desc"],
    ]) {
      const response = await request(app).get(`${BASE_PATH}/users?${query}`);
      assert.equal(response.status, 400, query);
      assert.equal(response.body.statusInfoSet[0].imsx_description, description);
      assert.equal(codeMinorOf(response.body), "invaliddata");
      checker.assertMatches({ method: "get", path: "/users", status: 400, headers: response.headers, body: response.body });
    }
  });

  it("hands the routes coerced paging values, and lets OAuth parameters through", async () => {
    const response = await request(app).get(`${BASE_PATH}/users?limit=2&offset=1&oauth_consumer_key=k&oauth_nonce=n`);
    assert.equal(response.status, 200, response.text);
    assert.equal(response.body.users.length, 2);
    assert.match(response.headers.link!, /limit=2&offset=0>; rel="prev"/);
    assert.doesNotMatch(response.headers.link!, /oauth_/);
  });

  it("reports an ignored sort field beside the data as the document describes", async () => {
    const response = await request(app).get(`${BASE_PATH}/classes?sort=noSuchField`);
    assert.equal(response.status, 200);
    assert.equal(codeMinorOf(response.body), "invalid_sort_field");
    checker.assertMatches({ method: "get", path: "/classes", status: 200, headers: response.headers, body: response.body });
  });

  it("answers an unknown path with 404 and a method the path lacks with 405 and Allow, as statusInfoSets", async () => {
    const unknown = await request(app).get(`${BASE_PATH}/pupils`);
    assert.equal(unknown.status, 404);
    assert.equal(codeMinorOf(unknown.body), "unknownobject");
    checker.assertMatches({ method: "get", path: "/users/{sourcedId}", status: 404, headers: unknown.headers, body: unknown.body });

    for (const [method, path, allow] of [
      ["post", "/users", "GET"],
      ["put", `/users/${IDS.student1}`, "GET"],
      ["patch", `/categories/${IDS.category}`, "GET, PUT, DELETE"],
    ] as const) {
      const response = await request(app)[method](`${BASE_PATH}${path}`).send({});
      assert.equal(response.status, 405, `${method} ${path}`);
      assert.deepEqual(response.headers.allow!.split(", ").sort(), allow.split(", ").sort());
      assert.equal(codeMinorOf(response.body), "unsupported");
    }
  });

  it("answers HEAD like the GET it stands for", async () => {
    const response = await request(app).head(`${BASE_PATH}/users?limit=1`);
    assert.equal(response.status, 200);
    assert.ok(Number(response.headers["x-total-count"]) > 1);
  });

  it("refuses PUT bodies the document does not allow with 400, and bodies that are not JSON with 415", async () => {
    const wordScore = await request(app)
      .put(`${BASE_PATH}/results/res-x`)
      .send({ result: { lineItem: { sourcedId: IDS.lineItem1 }, student: { sourcedId: IDS.student1 }, scoreStatus: "submitted", score: "ten", scoreDate: "2026-11-20" } });
    assert.equal(wordScore.status, 400);
    assert.match(wordScore.body.statusInfoSet[0].imsx_description, /^body result\.score: must be number/);
    checker.assertMatches({ method: "put", path: "/results/{sourcedId}", status: 400, headers: wordScore.headers, body: wordScore.body });

    const noEnvelope = await request(app).put(`${BASE_PATH}/categories/cat-x`).send({ title: "Prov" });
    assert.equal(noEnvelope.status, 400);
    assert.equal(noEnvelope.body.statusInfoSet[0].imsx_description, "body category: must have required property 'category'");

    const text = await request(app).put(`${BASE_PATH}/categories/cat-x`).set("content-type", "text/plain").send("category");
    assert.equal(text.status, 415);
    assert.equal(text.body.statusInfoSet[0].imsx_description, "the request body must be JSON (Content-Type: application/json)");
  });

  it("leaves unknown records to the routes: 404 unknownobject naming the record", async () => {
    const response = await request(app).get(`${BASE_PATH}/schools/no-such-school/classes`);
    assert.equal(response.status, 404);
    assert.equal(response.body.statusInfoSet[0].imsx_description, "school 'no-such-school' was not found");
    checker.assertMatches({ method: "get", path: "/schools/{schoolSourcedId}/classes", status: 404, headers: response.headers, body: response.body });
  });
});
