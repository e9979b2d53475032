import assert from "node:assert/strict";
import { before, it } from "node:test";
import type { Express } from "express";
import { sql, type Kysely } from "kysely";
import request from "supertest";
import { parse } from "yaml";
import type { Database } from "../../../db/schema.ts";
import { docsRouter } from "../../../src/api/docs.ts";
import { oneRosterV1p1OpenApi } from "../../../src/api/openapi-document.ts";
import { BASE_PATH } from "../../../src/api/v1p1/request-context.ts";
import { seedDemo } from "../../../src/demo/seed.ts";
import { describeEachEngine } from "../../helpers/databases.ts";
import { OpenApiResponseChecker } from "../../helpers/openapi-response-check.ts";
import { FULL_ACCESS } from "../../helpers/v1p1-app.ts";
import { validatedRoutesAs } from "../../helpers/v1p1-validated-app.ts";

type Json = Record<string, any>;
const document = oneRosterV1p1OpenApi().document as Json;
const checker = new OpenApiResponseChecker();
const TENANT = FULL_ACCESS.tenantId;

interface Operation {
  method: "get" | "put" | "delete";
  path: string;
  operation: Json;
}

function operations(): Operation[] {
  return Object.entries(document.paths as Json).flatMap(([path, item]) =>
    (["get", "put", "delete"] as const).filter((method) => (item as Json)[method]).map((method) => ({ method, path, operation: (item as Json)[method] })),
  );
}

/** Ids for the path parameters: real records of the right kind, chosen so every nested collection has records. */
type PathIds = Record<string, string>;

async function pickIds(db: Kysely<Database>): Promise<PathIds> {
  const one = async <Row>(query: ReturnType<typeof sql<Row>>) => {
    const row = (await query.execute(db)).rows[0];
    assert.ok(row, "the demo municipality lacks a record the walk needs");
    return row;
  };
  // A class with a graded line item, a teacher and a resource; the school it is taught at.
  const graded = await one<{ class_id: string; school_id: string; line_item_id: string; student_id: string }>(sql`
    select c.sourced_id as class_id, c.school_sourced_id as school_id, li.sourced_id as line_item_id, r.student_sourced_id as student_id
    from classes c
    join line_items li on li.tenant_id = c.tenant_id and li.class_sourced_id = c.sourced_id
    join results r on r.tenant_id = li.tenant_id and r.line_item_sourced_id = li.sourced_id
    where c.tenant_id = ${TENANT}
      and exists (select 1 from class_resources cr where cr.tenant_id = c.tenant_id and cr.class_sourced_id = c.sourced_id and cr.status = 'active')
      and exists (select 1 from enrollments e where e.tenant_id = c.tenant_id and e.class_sourced_id = c.sourced_id and e.role = 'teacher' and e.status = 'active')
    order by c.sourced_id, li.sourced_id, r.student_sourced_id limit 1`);
  const teacher = await one<{ id: string }>(sql`
    select e.user_sourced_id as id from enrollments e where e.tenant_id = ${TENANT} and e.class_sourced_id = ${graded.class_id} and e.role = 'teacher' and e.status = 'active'
    order by 1 limit 1`);
  const term = await one<{ id: string; grading_period_id: string }>(sql`
    select t.sourced_id as id, gp.sourced_id as grading_period_id from academic_sessions t
    join academic_sessions gp on gp.tenant_id = t.tenant_id and gp.parent_sourced_id = t.sourced_id and gp.type = 'gradingPeriod'
    where t.tenant_id = ${TENANT} and t.type = 'term'
      and exists (select 1 from class_terms ct where ct.tenant_id = t.tenant_id and ct.term_sourced_id = t.sourced_id)
    order by 1, 2 limit 1`);
  const courseWithResources = await one<{ id: string }>(sql`
    select c.sourced_id as id from courses c where c.tenant_id = ${TENANT}
      and exists (select 1 from course_resources cr where cr.tenant_id = c.tenant_id and cr.course_sourced_id = c.sourced_id and cr.status = 'active')
      and exists (select 1 from classes k where k.tenant_id = c.tenant_id and k.course_sourced_id = c.sourced_id)
    order by 1 limit 1`);
  const category = await one<{ id: string }>(sql`select sourced_id as id from categories where tenant_id = ${TENANT} order by 1 limit 1`);
  return {
    schoolSourcedId: graded.school_id,
    classSourcedId: graded.class_id,
    lineItemSourcedId: graded.line_item_id,
    studentSourcedId: graded.student_id,
    userSourcedId: graded.student_id,
    teacherSourcedId: teacher.id,
    termSourcedId: term.id,
    gradingPeriodSourcedId: term.grading_period_id,
    courseSourcedId: courseWithResources.id,
    categorySourcedId: category.id,
  };
}

/** Bodies of the PUTs, sending numbers as strings where 1.1 consumers do; new sourcedIds, deleted again by the walk. */
const PUTS: Record<string, { sourcedId: string; body: (ids: PathIds) => object }> = {
  "/categories/{sourcedId}": { sourcedId: "walk-category", body: () => ({ category: { title: "Walk" } }) },
  "/lineItems/{sourcedId}": {
    sourcedId: "walk-line-item",
    body: (ids) => ({
      lineItem: {
        sourcedId: "walk-line-item",
        title: "Walk",
        assignDate: "2026-11-02",
        dueDate: "2026-11-09T15:00:00Z",
        class: { sourcedId: ids.classSourcedId },
        category: { sourcedId: ids.categorySourcedId, type: "category" },
        gradingPeriod: { sourcedId: ids.gradingPeriodSourcedId },
        resultValueMin: 0,
        resultValueMax: "20",
      },
    }),
  },
  "/results/{sourcedId}": {
    sourcedId: "walk-result",
    body: (ids) => ({
      result: {
        lineItem: { sourcedId: ids.lineItemSourcedId },
        student: { sourcedId: ids.studentSourcedId },
        scoreStatus: "partially graded",
        score: "9.5",
        scoreDate: "2026-11-20",
        comment: "walk",
      },
    }),
  },
};

const fill = (path: string, values: PathIds) =>
  BASE_PATH +
  path.replace(/\{(\w+)\}/g, (_all, name: string) => {
    const value = values[name];
    assert.ok(value, `no id for {${name}}`);
    return encodeURIComponent(value);
  });

const resolve = (node: Json): Json => (typeof node.$ref === "string" ? resolve(node.$ref.slice(2).split("/").reduce((at: Json, key: string) => at[key], document)) : node);
const isCollection = (operation: Json) => Boolean(resolve(operation.responses["200"] ?? {}).headers?.["X-Total-Count"]);
const recordsOf = (body: Json): unknown[] => Object.entries(body).find(([key, value]) => key !== "statusInfoSet" && Array.isArray(value))?.[1] as unknown[];

describeEachEngine("every operation of the OneRoster 1.1 OpenAPI document, through the request validator", (database) => {
  let app: Express;
  let ids: PathIds;

  const call = async (method: Operation["method"], url: string, body?: object) => {
    const response = await (body ? request(app)[method](url).send(body) : request(app)[method](url));
    return { status: response.status, headers: response.headers as Record<string, string>, body: response.text ? JSON.parse(response.text) : undefined };
  };

  /** Calls the operation and checks the response against the document. */
  const checked = async (op: Operation, url: string, expectedStatus: number, body?: object) => {
    const response = await call(op.method, url, body);
    assert.equal(response.status, expectedStatus, `${op.method.toUpperCase()} ${url}: ${JSON.stringify(response.body)}`);
    checker.assertMatches({ method: op.method, path: op.path, ...response });
    return response;
  };

  before(async () => {
    const { db } = database();
    await seedDemo(db, { tenantId: TENANT, students: 60, seed: 1 });
    ids = await pickIds(db);
    app = validatedRoutesAs(database());
    app.use(docsRouter());
  });

  for (const op of operations()) {
    it(`${op.method.toUpperCase()} ${op.path}`, async () => {
      const put = PUTS[op.path];
      if (op.method === "put") {
        const url = fill(op.path, { ...ids, sourcedId: put!.sourcedId });
        await checked(op, url, 201, put!.body(ids));
        await checked(op, url, 200, put!.body(ids));
        return;
      }
      if (op.method === "delete") {
        const url = fill(op.path, { ...ids, sourcedId: put!.sourcedId });
        await checked(op, url, 204);
        const after = await call("get", url);
        assert.equal((Object.values(after.body as Json)[0] as Json).status, "tobedeleted");
        return;
      }
      if (!isCollection(op.operation)) {
        const collection = await call("get", `${BASE_PATH}${op.path.replace("/{sourcedId}", "")}?limit=1`);
        const first = recordsOf(collection.body)[0] as Json;
        assert.ok(first, `${op.path}: the collection has no record to read`);
        const response = await checked(op, fill(op.path, { ...ids, sourcedId: first.sourcedId }), 200);
        assert.equal((Object.values(response.body as Json)[0] as Json).sourcedId, first.sourcedId);
        return;
      }

      const url = fill(op.path, ids);
      const all = await checked(op, url, 200);
      const records = recordsOf(all.body);
      assert.ok(records.length > 0, `${url} has no records, so its body checks nothing`);
      const total = Number(all.headers["x-total-count"]);
      assert.equal(records.length, Math.min(total, 100), "a default page holds 100 records");
      assert.match(all.headers.link!, total > 100 ? /rel="first".*rel="next".*rel="last"/ : /rel="first".*rel="last"/);
      if (total > 100) assert.equal(recordsOf((await checked(op, `${url}?limit=${total}`, 200)).body).length, total);

      if (total > 1) {
        const page = await checked(op, `${url}?limit=1&offset=1`, 200);
        assert.equal(recordsOf(page.body).length, 1);
        assert.equal(page.headers["x-total-count"], String(total));
        assert.match(page.headers.link!, /[?&]offset=0>; rel="prev"/);
        if (total > 2) assert.match(page.headers.link!, /[?&]offset=2>; rel="next"/);
      }

      const badFilter = await checked(op, `${url}?filter=${encodeURIComponent("noSuchField='x'")}`, 400);
      assert.equal(badFilter.body.statusInfoSet[0].imsx_CodeMinor.imsx_codeMinorField[0].imsx_codeMinorFieldValue, "invalid_filter_field");
    });
  }

  it("serves the document as YAML beside the API, and Swagger UI at /docs/", async () => {
    const yaml = await request(app).get(`${BASE_PATH}/openapi.yaml`);
    assert.equal(yaml.status, 200);
    assert.match(yaml.headers["content-type"]!, /yaml/);
    assert.equal(yaml.text, oneRosterV1p1OpenApi().text);
    assert.equal(parse(yaml.text).openapi, "3.0.3");

    const page = await request(app).get("/docs/");
    assert.equal(page.status, 200);
    assert.match(page.headers["content-type"]!, /html/);
    assert.match(page.text, /swagger-ui/i);
  });
});
