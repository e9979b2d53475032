import assert from "node:assert/strict";
import { describe, it } from "node:test";
import express, { type RequestHandler } from "express";
import request from "supertest";
import type { ApiClient } from "../../../src/api/auth/api-client.ts";
import { scopeGuards } from "../../../src/api/auth/scope-guards.ts";
import { SCOPE_NAMES, scopeUri } from "../../../src/api/auth/scopes.ts";
import { oneRosterV1p1OpenApi } from "../../../src/api/openapi-document.ts";
import { oneRosterV1p1Validator } from "../../../src/api/openapi-validator.ts";
import { academicSession } from "../../../src/api/v1p1/entities/academic-session.ts";
import { category } from "../../../src/api/v1p1/entities/category.ts";
import { klass } from "../../../src/api/v1p1/entities/class.ts";
import { course } from "../../../src/api/v1p1/entities/course.ts";
import { demographics } from "../../../src/api/v1p1/entities/demographics.ts";
import { enrollment } from "../../../src/api/v1p1/entities/enrollment.ts";
import { lineItem } from "../../../src/api/v1p1/entities/line-item.ts";
import { org } from "../../../src/api/v1p1/entities/org.ts";
import { resource } from "../../../src/api/v1p1/entities/resource.ts";
import { result } from "../../../src/api/v1p1/entities/result.ts";
import { user } from "../../../src/api/v1p1/entities/user.ts";
import type { EntityDefinition } from "../../../src/api/v1p1/entity.ts";
import { oneRosterErrorHandler } from "../../../src/api/v1p1/error-handler.ts";
import type { Guards } from "../../../src/api/v1p1/guards.ts";
import { BASE_PATH } from "../../../src/api/v1p1/request-context.ts";
import { oneRosterV1p1Router } from "../../../src/api/v1p1/router.ts";
import { OpenApiResponseChecker } from "../../helpers/openapi-response-check.ts";

type Json = Record<string, any>;
const document = oneRosterV1p1OpenApi().document as Json;
const HTTP_METHODS = new Set(["get", "put", "post", "delete", "patch", "head", "options", "trace"]);
type Family = keyof Guards;
const FAMILIES: Family[] = ["rosterCore", "demographics", "resources", "gradebookRead", "gradebookWrite", "gradebookDelete"];

/** Every route of the router as "METHOD /path/{param}", with the family of the guard in front of it. */
function routerOperations(): Map<string, Family> {
  const named = (family: Family): RequestHandler => Object.defineProperty((_req, _res, next) => next(), "name", { value: family }) as RequestHandler;
  const guards = Object.fromEntries(FAMILIES.map((family) => [family, named(family)])) as unknown as Guards;
  const router = oneRosterV1p1Router({ db: null as never, maxLimit: 100 }, guards);
  const operations = new Map<string, Family>();
  for (const layer of router.stack) {
    const route = layer.route as unknown as { path: string; methods: Record<string, boolean>; stack: Array<{ handle: { name: string } }> } | undefined;
    if (!route) continue;
    const path = route.path.replace(/:(\w+)/g, "{$1}");
    for (const method of Object.keys(route.methods)) operations.set(`${method.toUpperCase()} ${path}`, route.stack[0]!.handle.name as Family);
  }
  return operations;
}

function documentOperations(): Map<string, Json> {
  const operations = new Map<string, Json>();
  for (const [path, item] of Object.entries(document.paths as Json)) {
    for (const [method, operation] of Object.entries(item as Json)) {
      if (HTTP_METHODS.has(method)) operations.set(`${method.toUpperCase()} ${path}`, operation as Json);
    }
  }
  return operations;
}

/** The scope URIs with which the real guard of a family lets a caller through. */
function scopesLettingThrough(guard: RequestHandler): string[] {
  return SCOPE_NAMES.filter((scope) => {
    const client: ApiClient = { clientId: "c", tenantId: "t", name: "c", scopes: [scope], schoolSourcedIds: null };
    let passed = false;
    guard({} as never, { locals: { client } } as never, (error?: unknown) => {
      passed = error === undefined;
    });
    return passed;
  }).map(scopeUri);
}

const resolve = (node: Json): Json => (typeof node.$ref === "string" ? resolve(node.$ref.slice(2).split("/").reduce((at: Json, key: string) => at[key], document)) : node);

describe("the OneRoster 1.1 OpenAPI document", () => {
  it("lists exactly the router's paths and methods", () => {
    const routes = [...routerOperations().keys()].sort();
    const documented = [...documentOperations().keys()].sort();
    assert.deepEqual(documented, routes);
    assert.equal(routes.length, 61);
  });

  it("asks for the scopes each route's guard lets through, OAuth 1.0a on every operation", () => {
    const families = routerOperations();
    const real = scopeGuards();
    for (const [key, operation] of documentOperations()) {
      const family = families.get(key)!;
      const oauth2 = (operation.security as Json[]).filter((requirement) => "OAuth2" in requirement).flatMap((requirement) => requirement.OAuth2 as string[]);
      assert.deepEqual(oauth2.sort(), scopesLettingThrough(real[family]).sort(), key);
      assert.ok((operation.security as Json[]).some((requirement) => "OAuth1" in requirement), key);
    }
    const declared = Object.keys(document.components.securitySchemes.OAuth2.flows.clientCredentials.scopes).sort();
    assert.deepEqual(declared, SCOPE_NAMES.map(scopeUri).sort());
  });

  it("names every operation once, tags it, and declares each path parameter", () => {
    const ids = new Set<string>();
    for (const [key, operation] of documentOperations()) {
      assert.ok(!ids.has(operation.operationId), `${key}: operationId ${operation.operationId} twice`);
      ids.add(operation.operationId);
      assert.ok(operation.summary, key);
      assert.equal(operation.tags.length, 1, key);
      assert.ok(["Rostering", "Gradebook", "Resources"].includes(operation.tags[0]), key);
      const inPath = [...key.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      const declared = ((operation.parameters ?? []) as Json[]).map(resolve).filter((p) => p.in === "path").map((p) => p.name).sort();
      assert.deepEqual(declared, inPath, key);
    }
  });

  it("describes each entity with the fields its toJson emits, in order, and the envelope keys", () => {
    const entities: Record<string, EntityDefinition> = {
      AcademicSession: academicSession,
      Category: category,
      Class: klass,
      Course: course,
      Demographics: demographics,
      Enrollment: enrollment,
      LineItem: lineItem,
      Org: org,
      Resource: resource,
      Result: result,
      User: user,
    };
    const schemas = document.components.schemas as Json;
    for (const [name, entity] of Object.entries(entities)) {
      assert.deepEqual(Object.keys(schemas[name].properties), [...entity.jsonFields], name);
      assert.ok(schemas[`${name}Collection`].properties[entity.collectionKey], `${name}Collection`);
      assert.ok(schemas[`${name}Single`].properties[entity.recordKey], `${name}Single`);
    }
  });

  it("is a valid OpenAPI 3 document for express-openapi-validator, matched under the base path", async () => {
    const app = express();
    const reached: RequestHandler = (_req, res) => void res.json({ reached: true });
    app.use(BASE_PATH, oneRosterV1p1Validator(), reached, oneRosterErrorHandler);
    const response = await request(app).get(`${BASE_PATH}/schools/s1/classes/c1/students?limit=2`);
    assert.equal(response.status, 200, response.text);
    assert.deepEqual(response.body, { reached: true });
    assert.equal((await request(app).get(`${BASE_PATH}/schools/s1/nothing`)).status, 404);
  });
});

describe("the OpenAPI response check", () => {
  const checker = new OpenApiResponseChecker();
  const guid = { href: "http://h/ims/oneroster/v1p1/orgs/o1", sourcedId: "o1", type: "org" };

  it("accepts a response the document describes", () => {
    const body = { categories: [{ sourcedId: "c1", status: "active", dateLastModified: "2026-01-01T00:00:00.000Z", title: "Prov" }] };
    checker.assertMatches({ method: "GET", path: "/categories", status: 200, headers: { "x-total-count": "1", link: "<x>; rel=\"first\"" }, body });
  });

  it("lists what does not match by JSON pointer, and missing headers", () => {
    const body = { orgs: [{ sourcedId: "o1", status: "gone", dateLastModified: "yesterday", type: "school", children: [guid], extra: 1 }] };
    const problems = checker.problems({ method: "GET", path: "/schools", status: 200, headers: { "x-total-count": "many" }, body });
    assert.deepEqual(problems.sort(), [
      '/orgs/0/dateLastModified: must match format "date-time"',
      '/orgs/0/status: must be one of ["active","tobedeleted"]',
      "/orgs/0: has 'extra', which the document does not list",
      "/orgs/0: must have required property 'name'",
      "header Link: missing",
      "header X-Total-Count: must be integer",
    ]);
    assert.throws(
      () => checker.assertMatches({ method: "DELETE", path: "/results/{sourcedId}", status: 200, headers: {}, body: {} }),
      /DELETE \/results\/\{sourcedId\} → 200 does not match the OpenAPI document:\n {2}- status 200 is not documented/,
    );
  });

  it("reads OpenAPI nullable as JSON Schema null", () => {
    const nullable = new OpenApiResponseChecker({
      openapi: "3.0.3",
      info: { title: "t", version: "1" },
      paths: {
        "/x": {
          get: {
            responses: {
              200: {
                description: "x",
                content: { "application/json": { schema: { type: "object", properties: { a: { type: "string", nullable: true }, b: { type: "string" } } } } },
              },
            },
          },
        },
      },
    });
    assert.deepEqual(nullable.problems({ method: "GET", path: "/x", status: 200, headers: {}, body: { a: null } }), []);
    assert.deepEqual(nullable.problems({ method: "GET", path: "/x", status: 200, headers: {}, body: { b: null } }), ["/b: must be string"]);
  });
});
