import assert from "node:assert/strict";
import { after, before, it } from "node:test";
import request from "supertest";
import { describeEachEngine } from "../../helpers/databases.ts";
import { routesAs, FULL_ACCESS } from "../../helpers/v1p1-app.ts";
import { exportZip } from "../../csv/export-helpers.ts";
import { startFakeSs12000, type FakeSs12000 } from "../../fakes/ss12000/server.ts";
import { TOKEN, importFrom, rowsMentioning } from "./helpers.ts";

const ROSTER_TABLES = ["users", "user_orgs", "user_agents", "user_ids", "enrollments", "demographics", "classes", "sync_runs"] as const;

describeEachEngine("SS 12000 protected identity", (database) => {
  let fake: FakeSs12000;
  let marked: string[];
  before(async () => {
    fake = await startFakeSs12000({ students: 60, seed: 7, staticToken: TOKEN });
    marked = [...fake.state.data.persons.values()].filter((p) => p.securityMarking !== "Ingen").map((p) => p.id);
    assert.ok(marked.length >= 3, "the fake has protected students and guardians");
    // Demographics on, so that a leak through them would show too.
    const result = await importFrom(database().db, fake, { tenantId: "default", settings: { demographics: true } });
    assert.equal(result.status, "succeeded");
    assert.ok(result.warnings.some((w) => w.why === `${marked.length} person(s) with a protective marking (skyddad folkbokföring, sekretessmarkering) left out with their memberships and links`));
  });
  after(() => fake.close());

  it("stores no row that names a protected person, not even in the run record", async () => {
    const { db } = database();
    for (const table of ROSTER_TABLES) assert.deepEqual(await rowsMentioning(db, table, marked), [], table);
    const names = [...fake.state.data.persons.values()].filter((p) => marked.includes(p.id)).map((p) => p.familyName + "," + p.givenName);
    const users = (await db.selectFrom("users").select(["family_name", "given_name"]).execute()).map((u) => u.family_name + "," + u.given_name);
    assert.deepEqual(users.filter((u) => names.includes(u)), []);
  });

  it("serves none through the API", async () => {
    const app = routesAs(database(), { ...FULL_ACCESS, tenantId: "default" });
    for (const id of marked) {
      const response = await request(app).get(`/ims/oneroster/v1p1/users/${id}`);
      assert.equal(response.status, 404, id);
    }
    const all = await request(app).get("/ims/oneroster/v1p1/enrollments?limit=10000");
    assert.equal(all.status, 200);
    assert.deepEqual(marked.filter((id) => JSON.stringify(all.body).includes(id)), []);
  });

  it("exports none in OneRoster CSV", async () => {
    const { files } = await exportZip(database().db, { tenantId: "default" });
    for (const [name, text] of files) assert.deepEqual(marked.filter((id) => text.includes(id)), [], name);
  });

  it("drops a person who becomes protected from the next run, with their memberships", async () => {
    const { db } = database();
    const student = [...fake.state.data.persons.values()].find((p) => p.securityMarking === "Ingen" && (p.enrolments?.length ?? 0) > 0 && p.personStatus === "Aktiv")!;
    fake.setSecurityMarking(student.id, "Skyddad folkbokföring");
    await importFrom(db, fake, { tenantId: "default", settings: { demographics: true } });
    assert.equal((await db.selectFrom("users").select("status").where("sourced_id", "=", student.id).executeTakeFirstOrThrow()).status, "tobedeleted");
    const active = await db.selectFrom("enrollments").select("sourced_id").where("user_sourced_id", "=", student.id).where("status", "=", "active").execute();
    assert.deepEqual(active, []);
  });
});
