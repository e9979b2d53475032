import assert from "node:assert/strict";
import { before, it } from "node:test";
import type { Express } from "express";
import { sql } from "kysely";
import request from "supertest";
import { IDS, loadSmallMunicipality } from "../../fixtures/small-municipality.ts";
import { describeEachEngine } from "../../helpers/databases.ts";
import { withStableOrigin } from "../../helpers/http.ts";
import { FULL_ACCESS, routesAs } from "../../helpers/v1p1-app.ts";

const BASE = "/ims/oneroster/v1p1";
const ref = (collection: string, type: string, id: string) => ({ href: `http://host${BASE}/${collection}/${id}`, sourcedId: id, type });

const lineItemBody = (overrides: Record<string, unknown> = {}) => ({
  lineItem: {
    title: "Läxförhör 3",
    assignDate: "2026-11-02",
    dueDate: "2026-11-09T15:00:00Z",
    class: { sourcedId: IDS.class1 },
    category: { sourcedId: IDS.category, href: "ignored", type: "category" },
    gradingPeriod: { sourcedId: IDS.gradingPeriod },
    resultValueMin: 0,
    resultValueMax: "10",
    ...overrides,
  },
});

describeEachEngine("OneRoster 1.1 gradebook writes", (database) => {
  let app: Express;
  let limited: Express;
  let rosteringBefore: unknown;

  const rosteringState = async () =>
    (
      await sql<{ state: string }>`select (select string_agg(sourced_id || status || date_last_modified::text, ',' order by sourced_id) from classes)
        || (select string_agg(sourced_id || status || date_last_modified::text, ',' order by sourced_id) from users)
        || (select string_agg(sourced_id || status || date_last_modified::text, ',' order by sourced_id) from enrollments) as state`.execute(database().db)
    ).rows[0]!.state;

  before(async () => {
    await loadSmallMunicipality(database().db);
    app = routesAs(database());
    limited = routesAs(database(), { ...FULL_ACCESS, clientId: "school-2", schoolSourcedIds: [IDS.school2] });
    rosteringBefore = await rosteringState();
  });

  it("creates a line item with PUT (201), then replaces it (200) with a later dateLastModified", async () => {
    const created = await request(app).put(`${BASE}/lineItems/li-new`).send(lineItemBody());
    assert.equal(created.status, 201, created.text);
    const row = await database().db.selectFrom("line_items").selectAll().where("sourced_id", "=", "li-new").executeTakeFirstOrThrow();
    assert.equal(row.source_id, "gradebook-api");
    assert.deepEqual(withStableOrigin(created.text), {
      lineItem: {
        sourcedId: "li-new",
        status: "active",
        dateLastModified: row.date_last_modified.toISOString(),
        title: "Läxförhör 3",
        assignDate: "2026-11-02T00:00:00.000Z",
        dueDate: "2026-11-09T15:00:00.000Z",
        class: ref("classes", "class", IDS.class1),
        category: ref("categories", "category", IDS.category),
        gradingPeriod: ref("academicSessions", "academicSession", IDS.gradingPeriod),
        resultValueMin: 0,
        resultValueMax: 10,
      },
    });

    await new Promise((resolve) => setTimeout(resolve, 5));
    const replaced = await request(app).put(`${BASE}/lineItems/li-new`).send(lineItemBody({ title: "Läxförhör 3b", sourcedId: "li-new" }));
    assert.equal(replaced.status, 200, replaced.text);
    assert.equal(replaced.body.lineItem.title, "Läxförhör 3b");
    assert.ok(Date.parse(replaced.body.lineItem.dateLastModified) > row.date_last_modified.getTime());
  });

  it("creates and replaces results and categories, reading numbers sent as strings", async () => {
    const created = await request(app)
      .put(`${BASE}/results/res-new`)
      .send({ result: { lineItem: { sourcedId: IDS.lineItem1 }, student: { sourcedId: IDS.student2 }, scoreStatus: "partially graded", score: "9.5", scoreDate: "2026-11-20" } });
    assert.equal(created.status, 201, created.text);
    const row = await database().db.selectFrom("results").selectAll().where("sourced_id", "=", "res-new").executeTakeFirstOrThrow();
    assert.deepEqual([row.score, row.score_status, row.score_date, row.comment], [9.5, "partially graded", "2026-11-20", null]);

    const teacherScore = await request(app)
      .put(`${BASE}/results/res-teacher`)
      .send({ result: { lineItem: { sourcedId: IDS.lineItem1 }, student: { sourcedId: IDS.teacher }, scoreStatus: "submitted", score: 1, scoreDate: "2026-11-20" } });
    assert.equal(teacherScore.status, 400);
    assert.equal(teacherScore.body.statusInfoSet[0].imsx_description, `result.student.sourcedId: no student with sourcedId '${IDS.teacher}'`);

    const category = await request(app).put(`${BASE}/categories/cat-new`).send({ category: { title: "Laboration" } });
    assert.equal(category.status, 201);
    assert.equal(category.body.category.title, "Laboration");
    assert.equal((await request(app).put(`${BASE}/categories/cat-new`).send({ category: { title: "Labb" } })).status, 200);
  });

  it("refuses bad bodies and unknown references with a message naming the field, writing nothing", async () => {
    const count = async () => Number((await sql<{ n: string }>`select count(*) as n from line_items`.execute(database().db)).rows[0]!.n);
    const before = await count();
    const cases: Array<[object | string, string]> = [
      [lineItemBody({ class: { sourcedId: "no-such-class" } }), "lineItem.class.sourcedId: no class with sourcedId 'no-such-class'"],
      [lineItemBody({ gradingPeriod: { sourcedId: "nope" } }), "lineItem.gradingPeriod.sourcedId: no academicSession with sourcedId 'nope'"],
      [lineItemBody({ title: undefined }), "lineItem.title: Invalid input: expected string, received undefined"],
      [lineItemBody({ resultValueMax: "ten" }), "lineItem.resultValueMax: must be a number"],
      [lineItemBody({ dueDate: "2026-13-45" }), "lineItem.dueDate: is not a real date"],
      [lineItemBody({ sourcedId: "other" }), "lineItem.sourcedId 'other' differs from the sourcedId 'li-bad' in the path"],
      [{ title: "no envelope" }, "lineItem: Invalid input: expected object, received undefined"],
    ];
    for (const [body, description] of cases) {
      const response = await request(app).put(`${BASE}/lineItems/li-bad`).send(body);
      assert.equal(response.status, 400, description);
      assert.equal(response.body.statusInfoSet[0].imsx_description, description);
      assert.equal(response.body.statusInfoSet[0].imsx_CodeMinor.imsx_codeMinorField[0].imsx_codeMinorFieldValue, "invaliddata");
    }
    const malformed = await request(app).put(`${BASE}/lineItems/li-bad`).set("content-type", "application/json").send('{"lineItem": ');
    assert.equal(malformed.status, 400);
    assert.equal(malformed.body.statusInfoSet[0].imsx_description, "the request body is not valid JSON");
    assert.equal(await count(), before);
  });

  it("deletes by marking tobedeleted (204), visible to delta readers; unknown ids are 404", async () => {
    const deleted = await request(app).delete(`${BASE}/results/${IDS.result1}`);
    assert.equal(deleted.status, 204);
    assert.equal(deleted.text, "");
    const { body } = await request(app).get(`${BASE}/results/${IDS.result1}`);
    assert.equal(body.result.status, "tobedeleted");
    assert.equal((await request(app).delete(`${BASE}/results/${IDS.result1}`)).status, 204);
    const unknown = await request(app).delete(`${BASE}/lineItems/nope`);
    assert.equal(unknown.status, 404);
    assert.equal(unknown.body.statusInfoSet[0].imsx_description, "lineItem 'nope' was not found");
  });

  it("keeps a school-limited client to its own schools' classes and line items", async () => {
    const foreignClass = await request(limited).put(`${BASE}/lineItems/li-x`).send(lineItemBody());
    assert.equal(foreignClass.status, 400);
    assert.equal(foreignClass.body.statusInfoSet[0].imsx_description, `lineItem.class.sourcedId: no class with sourcedId '${IDS.class1}'`);
    const foreignItem = await request(limited).put(`${BASE}/lineItems/${IDS.lineItem1}`).send(lineItemBody({ class: { sourcedId: IDS.class2 } }));
    assert.equal(foreignItem.status, 404);
    assert.equal((await request(limited).delete(`${BASE}/lineItems/${IDS.lineItem1}`)).status, 404);
    const own = await request(limited).put(`${BASE}/lineItems/${IDS.lineItem2}`).send(lineItemBody({ class: { sourcedId: IDS.class2 } }));
    assert.equal(own.status, 200, own.text);
  });

  it("never touches a rostering table", async () => {
    assert.equal(await rosteringState(), rosteringBefore);
  });
});
