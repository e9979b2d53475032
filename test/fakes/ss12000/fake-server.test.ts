import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { demoSourcedId } from "../../../src/demo/ids.ts";
import { FAKE_SOURCE, FAKE_TENANT, buildMunicipality } from "./data.ts";
import { NO_DOCUMENT, type Ss12000Schemas, loadSs12000Schemas } from "./schema.ts";
import { type FakeSs12000, startFakeSs12000 } from "./server.ts";
import type { Group, Person } from "./types.ts";

const STATIC = "static-test-token";
const SIZE = { students: 60, seed: 7, staticToken: STATIC };

type Json = Record<string, any>;

async function get(fake: FakeSs12000, path: string, token: string | null = STATIC): Promise<{ status: number; body: Json; headers: Headers }> {
  const res = await fetch(`${fake.url}${path}`, token === null ? {} : { headers: { authorization: `Bearer ${token}` } });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Json) : {}, headers: res.headers };
}

/** Follows pageTokens to the end; returns the pages' data in order. */
async function walk(fake: FakeSs12000, path: string, limit: number, between?: (page: number) => void): Promise<Json[][]> {
  const pages: Json[][] = [];
  let next = `${path}${path.includes("?") ? "&" : "?"}limit=${limit}`;
  for (;;) {
    const { status, body } = await get(fake, next);
    assert.equal(status, 200, JSON.stringify(body));
    pages.push(body.data as Json[]);
    if (body.pageToken === null || body.pageToken === undefined) return pages;
    between?.(pages.length);
    next = `${path.split("?")[0]}?limit=${limit}&pageToken=${encodeURIComponent(body.pageToken as string)}`;
  }
}

const LIST_SCHEMA: Record<string, string> = {
  organisations: "Organisations",
  persons: "PersonsExpanded",
  placements: "Placements",
  duties: "Duties",
  groups: "GroupsExpanded",
  activities: "Activities",
  syllabuses: "Syllabuses",
};
const ITEM_SCHEMA: Record<string, string> = {
  organisations: "Organisation",
  persons: "PersonExpanded",
  placements: "PlacementExpanded",
  duties: "DutyExpanded",
  groups: "GroupExpanded",
  activities: "ActivityExpanded",
  syllabuses: "Syllabus",
};
const EXPAND: Record<string, string> = {
  persons: "duties,responsibleFor,placements,ownedPlacements,groupMemberships",
  placements: "child,owners",
  duties: "person",
  groups: "assignmentRoles",
  activities: "groups,teachers,syllabus",
};

describe("SS 12000 fake: shapes", () => {
  let fake: FakeSs12000;
  let schemas: Ss12000Schemas;
  before(async () => {
    fake = await startFakeSs12000(SIZE);
    if (!NO_DOCUMENT) schemas = await loadSs12000Schemas();
  });
  after(() => fake.close());

  for (const collection of Object.keys(LIST_SCHEMA)) {
    test(`every object of /${collection} validates against the document, with and without expand`, { skip: NO_DOCUMENT }, async () => {
      for (const query of ["", ...(EXPAND[collection] ? [`?expand=${EXPAND[collection]}`] : [])]) {
        const { status, body } = await get(fake, `/${collection}${query}`);
        assert.equal(status, 200);
        assert.ok(body.data.length > 0, `${collection} is empty`);
        assert.deepEqual(schemas.errors(LIST_SCHEMA[collection]!, body), [], `${collection}${query}`);
        assert.deepEqual(schemas.undeclared(LIST_SCHEMA[collection]!, body), [], `${collection}${query}`);
        for (const item of body.data as Json[]) {
          assert.ok(item.meta?.created && item.meta?.modified, "meta");
          assert.deepEqual(schemas.errors(ITEM_SCHEMA[collection]!, item), []);
        }
        const one = await get(fake, `/${collection}/${body.data[0].id}${query}`);
        assert.equal(one.status, 200);
        assert.deepEqual(schemas.errors(ITEM_SCHEMA[collection]!, one.body), []);
        assert.deepEqual(one.body, body.data[0]);
      }
    });
  }

  test("deletedEntities and errors validate too", { skip: NO_DOCUMENT }, async () => {
    const syllabus = [...fake.state.data.syllabuses.values()][0]!;
    fake.remove("syllabuses", syllabus.id);
    const { body } = await get(fake, "/deletedEntities");
    assert.deepEqual(schemas.errors("DeletedEntities", body), []);
    assert.deepEqual(schemas.undeclared("DeletedEntities", body), []);
    const bad = await get(fake, "/persons?limit=0");
    assert.equal(bad.status, 400);
    assert.deepEqual(schemas.errors("Error", bad.body), []);
    const denied = await get(fake, "/persons", "nope");
    assert.deepEqual(schemas.errors("Error", denied.body), []);
  });

  test("the municipality maps the demo back: Huvudman, Skolenheter, Klass and Undervisning, duties, guardians", async () => {
    const orgs = (await get(fake, "/organisations")).body.data as Json[];
    const huvudman = orgs.filter((o) => o.organisationType === "Huvudman");
    assert.equal(huvudman.length, 1);
    const units = orgs.filter((o) => o.organisationType === "Skolenhet");
    assert.ok(units.length >= 2);
    for (const unit of units) {
      assert.match(unit.schoolUnitCode, /^\d{8}$/);
      assert.equal(unit.parentOrganisation.id, huvudman[0]!.id);
    }
    assert.ok(units.some((u) => u.id === demoSourcedId(FAKE_TENANT, FAKE_SOURCE, "org", "compulsory-0")), "demo sourcedIds are kept");

    const groups = (await get(fake, "/groups?expand=assignmentRoles")).body.data as Json[];
    const klass = groups.filter((g) => g.groupType === "Klass");
    assert.ok(klass.length > 0 && groups.some((g) => g.groupType === "Undervisning"));
    for (const k of klass) assert.ok(k._embedded.assignmentRoles.some((r: Json) => r.assignmentRoleType === "Mentor"), `${k.displayName} has a mentor`);

    const persons = new Map(((await get(fake, "/persons")).body.data as Person[]).map((p) => [p.id, p]));
    const duties = new Map(((await get(fake, "/duties")).body.data as Json[]).map((d) => [d.id, d]));
    for (const activity of (await get(fake, "/activities")).body.data as Json[]) {
      assert.ok(activity.groups.length >= 1);
      for (const t of activity.teachers) assert.ok(duties.get(t.duty.id)?.dutyRole === "Lärare");
    }
    // HT-only courses exist at the gymnasium: terms show as activity dates.
    const activities = (await get(fake, "/activities")).body.data as Json[];
    assert.ok(activities.some((a) => a.startDate === "2026-08-17" && a.endDate === "2026-12-22"));
    assert.ok(activities.some((a) => a.startDate === "2026-08-17" && a.endDate === "2027-06-11"));

    const students = [...persons.values()].filter((p) => p.enrolments?.length);
    assert.ok(students.length >= 58, "dropped or deleted only one class's worth at most");
    for (const s of students) for (const r of s.responsibles ?? []) assert.ok(persons.has(r.person.id) && r.relationType === "Vårdnadshavare");

    const { special } = fake.state;
    for (const id of special.protectedIdentity) {
      assert.equal(persons.get(id)?.securityMarking, "Skyddad folkbokföring");
      const memberships = groups.filter((g) => (g as unknown as Group).groupMemberships.some((m) => m.person.id === id));
      assert.ok(memberships.length > 0, "protected persons are group members");
      assert.ok(memberships.every((g) => g.groupMemberships.find((m: Json) => m.person.id === id).person.securityMarking === "Skyddad folkbokföring"));
    }
    assert.equal(persons.get(special.confidential[0]!)?.securityMarking, "Sekretessmarkering");
    for (const id of special.temporaryCivicNo) assert.match(persons.get(id)!.civicNo!.value, /^\d{8}[A-Z]{2}\d{2}$/);
    assert.equal(persons.get(special.emigrated[0]!)?.personStatus, "Utvandrad");
    assert.equal(persons.get(special.deceased[0]!)?.personStatus, "Avliden");
    const normal = [...persons.values()].filter((p) => p.securityMarking === "Ingen" && !special.temporaryCivicNo.includes(p.id));
    for (const p of normal) assert.match(p.civicNo!.value, /^\d{12}$/);
  });

  test("the same seed and size give the same municipality, with unique civic numbers", () => {
    const a = buildMunicipality({ students: 60, seed: 7 });
    assert.deepEqual(buildMunicipality({ students: 60, seed: 7 }).entities, a.entities);
    const civicNos = a.entities.persons.map((p) => p.civicNo!.value);
    assert.equal(new Set(civicNos).size, civicNos.length);
  });

  test("expand=groupMemberships and responsibleFor embed what the document defines", async () => {
    const persons = (await get(fake, "/persons?expand=groupMemberships,responsibleFor")).body.data as Json[];
    const student = persons.find((p) => p.responsibles?.length)!;
    assert.ok(student._embedded.groupMemberships.some((m: Json) => m.group.groupType === "Klass"));
    const guardian = persons.find((p) => p.id === student.responsibles[0].person.id)!;
    assert.ok(guardian._embedded.responsibleFor.some((r: Json) => r.person.id === student.id));
    assert.equal((await get(fake, "/persons?expand=nonsense")).status, 400);
  });
});

describe("SS 12000 fake: filters, lookups and reference names", () => {
  let fake: FakeSs12000;
  let schemas: Ss12000Schemas;
  before(async () => {
    fake = await startFakeSs12000(SIZE);
    if (!NO_DOCUMENT) schemas = await loadSs12000Schemas();
  });
  after(() => fake.close());

  test("resource filters narrow the collections and travel in the pageToken", async () => {
    const school = (await get(fake, "/organisations?type=Skolenhet&schoolTypes=GY")).body.data as Json[];
    assert.equal(school.length, 1);
    const klass = (await get(fake, `/groups?groupType=Klass&organisation=${school[0]!.id}`)).body.data as Json[];
    assert.ok(klass.length > 0 && klass.every((g) => g.groupType === "Klass" && g.organisation.id === school[0]!.id));
    const paged = await walk(fake, `/groups?groupType=Klass&organisation=${school[0]!.id}`, 1);
    assert.equal(paged.flat().length, klass.length);
    const teachers = (await get(fake, "/duties?dutyRole=Lärare")).body.data as Json[];
    assert.ok(teachers.length > 0 && teachers.every((d) => d.dutyRole === "Lärare"));
  });

  test("POST /x/lookup answers by ids (and persons by civicNos)", { skip: NO_DOCUMENT }, async () => {
    const persons = [...fake.state.data.persons.values()].slice(0, 3);
    const res = await fetch(`${fake.url}/persons/lookup?expand=duties`, {
      method: "POST",
      headers: { authorization: `Bearer ${STATIC}`, "content-type": "application/json" },
      body: JSON.stringify({ ids: [persons[0]!.id], civicNos: [persons[1]!.civicNo!.value] }),
    });
    const body = (await res.json()) as Json[];
    assert.deepEqual(body.map((p) => p.id).sort(), [persons[0]!.id, persons[1]!.id].sort());
    assert.deepEqual(schemas.errors("PersonsExpandedArray", body), []);
  });

  test("expandReferenceNames fills displayName of references only", { skip: NO_DOCUMENT }, async () => {
    const { body } = await get(fake, "/groups?expandReferenceNames=true&limit=3");
    for (const group of body.data as Json[]) {
      assert.equal(group.displayName, fake.state.data.groups.get(group.id)!.displayName);
      assert.ok(typeof group.organisation.displayName === "string");
      for (const m of group.groupMemberships) assert.ok(typeof m.person.displayName === "string");
    }
    assert.deepEqual(schemas.errors("GroupsExpanded", body), []);
    assert.deepEqual(schemas.undeclared("GroupsExpanded", body), []);
    const plain = (await get(fake, "/groups?limit=1")).body.data[0] as Json;
    assert.equal(plain.organisation.displayName, undefined);
  });
});

describe("SS 12000 fake: paging and deltas", () => {
  let fake: FakeSs12000;
  before(async () => {
    fake = await startFakeSs12000(SIZE);
  });
  after(() => fake.close());

  test("paging with limit and pageToken visits every record exactly once", async () => {
    for (const collection of Object.keys(LIST_SCHEMA)) {
      const all = (await get(fake, `/${collection}`)).body;
      assert.equal(all.pageToken, null);
      const pages = await walk(fake, `/${collection}`, 7);
      assert.equal(pages.length, Math.ceil(all.data.length / 7));
      const ids = pages.flat().map((o) => o.id);
      assert.equal(new Set(ids).size, ids.length, `${collection}: no duplicates`);
      assert.deepEqual(new Set(ids), new Set(all.data.map((o: Json) => o.id)));
    }
  });

  test("a walk stays exact while the source changes under it", async () => {
    const before = (await get(fake, "/groups")).body.data.map((g: Json) => g.id as string);
    const pages = await walk(fake, "/groups", 10, (page) => {
      if (page === 2) fake.rename(before[0]!, "Omdöpt");
      if (page === 3) fake.add("groups", { ...(fake.state.data.groups.get(before[5]!) as Group), id: "00000000-0000-4000-8000-000000000001", displayName: "Ny" });
    });
    const ids = pages.flat().map((o) => o.id as string);
    assert.equal(new Set(ids).size, ids.length);
    for (const id of before) assert.ok(ids.includes(id));
    fake.remove("groups", "00000000-0000-4000-8000-000000000001");
  });

  test("filters beside pageToken and bad tokens are refused with 400", async () => {
    const first = (await get(fake, "/persons?limit=5")).body;
    const token = encodeURIComponent(first.pageToken as string);
    assert.equal((await get(fake, `/persons?pageToken=${token}&meta.modified.after=2026-01-01T00:00:00Z`)).status, 400);
    assert.equal((await get(fake, "/persons?pageToken=garbage")).status, 400);
    assert.equal((await get(fake, `/groups?pageToken=${token}`)).status, 400, "a persons token does not page groups");
  });

  test("meta.modified.after returns exactly the changed objects; meta.created.after the new ones", async () => {
    const since = fake.clock.now();
    const groups = [...fake.state.data.groups.values()].filter((g) => g.groupType === "Klass");
    const [a, b] = [groups[0]!, groups[1]!];
    const mover = a.groupMemberships[0]!.person.id;
    fake.movePerson(mover, a.id, b.id);
    const renamed = [...fake.state.data.groups.values()].find((g) => g.groupType === "Undervisning")!;
    const renameStamp = fake.rename(renamed.id, "Matematik 1c NA26a (ny)");
    const person = [...fake.state.data.persons.values()][3]!;
    fake.renamePerson(person.id, "Ny-Förnamn");

    const changedGroups = (await get(fake, `/groups?meta.modified.after=${encodeURIComponent(since)}`)).body.data as Json[];
    assert.deepEqual(new Set(changedGroups.map((g) => g.id)), new Set([a.id, b.id, renamed.id]));
    assert.ok(changedGroups.find((g) => g.id === b.id)!.groupMemberships.some((m: Json) => m.person.id === mover));
    const changedPersons = (await get(fake, `/persons?meta.modified.after=${encodeURIComponent(since)}`)).body.data as Json[];
    assert.deepEqual(changedPersons.map((p) => p.id), [person.id]);
    // Exclusive: an object modified exactly at the bound is not returned.
    const afterRename = (await get(fake, `/groups?meta.modified.after=${encodeURIComponent(renameStamp)}`)).body.data as Json[];
    assert.equal(afterRename.length, 0);
    // Paged delta walks keep the filter in the token.
    const paged = await walk(fake, `/groups?meta.modified.after=${encodeURIComponent(since)}`, 1);
    assert.equal(paged.flat().length, 3);

    const createdSince = fake.clock.now();
    fake.add("syllabuses", { id: "00000000-0000-4000-8000-0000000000aa", schoolType: "GR", subjectName: "Programmering", official: false });
    const created = (await get(fake, `/syllabuses?meta.created.after=${encodeURIComponent(createdSince)}`)).body.data as Json[];
    assert.deepEqual(created.map((s) => s.id), ["00000000-0000-4000-8000-0000000000aa"]);
  });

  test("remove goes to deletedEntities with a timestamp, cascades, and bumps what referred to it", async () => {
    const since = fake.clock.now();
    const group = [...fake.state.data.groups.values()].find((g) => g.groupType === "Klass")!;
    const student = group.groupMemberships[0]!.person.id;
    const at = fake.remove("persons", student);
    assert.ok(at > since);
    const deleted = (await get(fake, `/deletedEntities?after=${encodeURIComponent(since)}`)).body;
    assert.deepEqual(deleted.data.persons, [student]);
    assert.equal((await get(fake, `/persons/${student}`)).status, 404);
    const regrouped = (await get(fake, `/groups/${group.id}`)).body;
    assert.equal(regrouped.meta.modified, at);
    assert.ok(!regrouped.groupMemberships.some((m: Json) => m.person.id === student));

    const teacherDuty = [...fake.state.data.duties.values()].find((d) => d.dutyRole === "Lärare")!;
    fake.remove("persons", teacherDuty.person.id);
    const both = (await get(fake, `/deletedEntities?after=${encodeURIComponent(since)}&entities=Person&entities=Duty`)).body;
    assert.equal(both.data.persons.length, 2);
    assert.deepEqual(both.data.duties, [teacherDuty.id]);
    assert.deepEqual(Object.keys(both.data).sort(), ["duties", "persons"]);
    assert.equal((await get(fake, `/deletedEntities?after=${encodeURIComponent(fake.clock.now())}`)).body.data.persons.length, 0);

    const activity = [...fake.state.data.activities.values()][0]!;
    fake.remove("activities", activity.id);
    assert.deepEqual((await get(fake, `/deletedEntities?entities=Activity`)).body.data.activitites, [activity.id]);

    let pages = 0;
    const ids: string[] = [];
    let next = "/deletedEntities?limit=1";
    for (;;) {
      const { body } = await get(fake, next);
      pages++;
      for (const list of Object.values(body.data as Record<string, string[]>)) ids.push(...list);
      if (!body.pageToken) break;
      next = `/deletedEntities?limit=1&pageToken=${encodeURIComponent(body.pageToken as string)}`;
    }
    assert.equal(ids.length, fake.state.deleted.length);
    assert.equal(pages, fake.state.deleted.length);
  });

  test("dropShare hides half the students without reporting deletions; restoreShare brings them back", async () => {
    const students = () => [...fake.state.kinds].filter(([id, kind]) => kind === "student" && fake.state.data.persons.has(id)).length;
    const total = students();
    const deletions = fake.state.deleted.length;
    const before = (await get(fake, "/persons")).body.data.length;
    const hidden = fake.dropShare("student", 0.5);
    assert.equal(hidden.length, Math.round(total * 0.5));
    const during = (await get(fake, "/persons")).body.data as Json[];
    assert.equal(during.length, before - hidden.length);
    assert.ok(!during.some((p) => hidden.includes(p.id)));
    assert.equal(fake.state.deleted.length, deletions);
    fake.restoreShare();
    assert.equal((await get(fake, "/persons")).body.data.length, before);
  });
});

describe("SS 12000 fake: auth", () => {
  let fake: FakeSs12000;
  before(async () => {
    fake = await startFakeSs12000({ ...SIZE, tokenTtlSeconds: 60 });
  });
  after(() => fake.close());

  const token = (id: string, secret: string, grant = "client_credentials") =>
    fetch(fake.tokenUrl, {
      method: "POST",
      headers: { authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString("base64")}`, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ grant_type: grant }),
    });

  test("refuses requests without a token or with a bad one", async () => {
    const none = await get(fake, "/organisations", null);
    assert.equal(none.status, 401);
    assert.match(none.headers.get("www-authenticate") ?? "", /^Bearer/);
    assert.equal((await get(fake, "/organisations", "wrong")).status, 401);
    assert.equal((await get(fake, "/organisations", STATIC)).status, 200, "the static token works");
  });

  test("client credentials issue an opaque token that works until it expires", async () => {
    assert.equal((await token(fake.clientId, "wrong")).status, 401);
    assert.equal((await token(fake.clientId, fake.clientSecret, "password")).status, 400);
    const res = await token(fake.clientId, fake.clientSecret);
    assert.equal(res.status, 200);
    const body = (await res.json()) as { access_token: string; token_type: string; expires_in: number };
    assert.equal(body.token_type, "Bearer");
    assert.equal(body.expires_in, 60);
    assert.equal((await get(fake, "/persons?limit=1", body.access_token)).status, 200);
    fake.clock.advance(61_000);
    assert.equal((await get(fake, "/persons?limit=1", body.access_token)).status, 401);
  });
});

describe("SS 12000 fake: faults and the request log", () => {
  let fake: FakeSs12000;
  before(async () => {
    fake = await startFakeSs12000(SIZE);
  });
  after(() => fake.close());

  test("429 with Retry-After for the next k requests", async () => {
    fake.faults.tooManyRequests({ times: 2, retryAfter: 3 });
    for (let i = 0; i < 2; i++) {
      const res = await get(fake, "/organisations");
      assert.equal(res.status, 429);
      assert.equal(res.headers.get("retry-after"), "3");
    }
    assert.equal((await get(fake, "/organisations")).status, 200);
  });

  test("429 and 500 on page n only", async () => {
    fake.faults.tooManyRequests({ path: "/persons", page: 2, retryAfter: 1 }).serverError({ path: "/persons", page: 3 });
    const first = await get(fake, "/persons?limit=10");
    assert.equal(first.status, 200);
    const page2 = `/persons?limit=10&pageToken=${encodeURIComponent(first.body.pageToken as string)}`;
    assert.equal((await get(fake, page2)).status, 429);
    const second = await get(fake, page2);
    assert.equal(second.status, 200, "the retry succeeds");
    const page3 = `/persons?limit=10&pageToken=${encodeURIComponent(second.body.pageToken as string)}`;
    assert.equal((await get(fake, page3)).status, 500);
    assert.equal((await get(fake, page3)).status, 200);
  });

  test("slow pages", async () => {
    fake.faults.slow({ path: "/syllabuses", ms: 150, times: 1 });
    const start = performance.now();
    assert.equal((await get(fake, "/syllabuses")).status, 200);
    assert.ok(performance.now() - start >= 140);
    const again = performance.now();
    await get(fake, "/syllabuses");
    assert.ok(performance.now() - again < 140);
  });

  test("a truncated body on page n closes the socket mid-body", async () => {
    fake.faults.truncate({ path: "/groups", page: 1 });
    const res = await fetch(`${fake.url}/groups?limit=20`, { headers: { authorization: `Bearer ${STATIC}` } });
    assert.equal(res.status, 200);
    await assert.rejects(res.text());
    assert.equal((await get(fake, "/groups?limit=20")).status, 200);
  });

  test("the request log records method, path, query, auth and status", async () => {
    fake.requests.length = 0;
    await get(fake, "/duties?limit=2&expand=person");
    await get(fake, "/duties", "bad");
    assert.deepEqual(
      fake.requests.map((r) => ({ ...r })),
      [
        { method: "GET", path: "/v2.0/duties", query: { limit: "2", expand: "person" }, auth: `Bearer ${STATIC}`, status: 200 },
        { method: "GET", path: "/v2.0/duties", query: {}, auth: "Bearer bad", status: 401 },
      ],
    );
  });
});
