import assert from "node:assert/strict";
import { after, before, it } from "node:test";
import { istEducloudSettingsSchema } from "../../../importers/ist-educloud/settings.ts";
import { ss12000SettingsSchema } from "../../../importers/ss12000/settings.ts";
import { importSs12000 } from "../../../src/imports/ss12000-import.ts";
import { describeEachEngine } from "../../helpers/databases.ts";
import { startFakeSs12000, type FakeSs12000 } from "../../fakes/ss12000/server.ts";
import {
  AS_OF,
  addSchool,
  classRow,
  enrollmentsOf,
  expectedActivityEnrollments,
  expectedHomeroomEnrollments,
  expectedStudentRow,
  excludedPersons,
  idOf,
  pick,
  rowsMentioning,
  userRow,
  type AddedSchool,
  type Picked,
} from "./register-fixture.ts";

const ENV = { EDUCLOUD_SECRET: "s3cret" };

describeEachEngine("IST EduCloud preset", (database) => {
  let fake: FakeSs12000;
  let picked: Picked;
  let notStarted: AddedSchool;
  let notForLms: AddedSchool;
  let springGroupId: string;
  let endedActivityId: string;
  let lmsCodes: string[];

  const educloud = (extra: Record<string, unknown> = {}) =>
    istEducloudSettingsSchema.parse({
      url: fake.url,
      tokenUrl: fake.tokenUrl,
      clientId: fake.clientId,
      clientSecretEnv: "EDUCLOUD_SECRET",
      lmsSchoolUnitCodes: lmsCodes,
      pageSize: 40,
      ...extra,
    });
  const run = (tenantId: string, settings = educloud()) =>
    importSs12000(database().db, settings, { tenantId, sourceId: "ist-educloud", today: AS_OF, env: ENV });

  before(async () => {
    fake = await startFakeSs12000({ students: 20, seed: 3, clientSecret: ENV.EDUCLOUD_SECRET });
    const { data } = fake.state;
    const schools = [...data.organisations.values()].filter((o) => o.organisationType === "Skolenhet");
    lmsCodes = [...schools.map((s) => s.schoolUnitCode!), "10099901"];
    picked = pick(fake);
    // A school unit whose start date has not come (not an active unit), and an active one not marked for the LMS.
    notStarted = addSchool(fake, "Nyskolan", "10099901", "2027-01-01");
    notForLms = addSchool(fake, "Ekskolan", "10099902", "2001-07-01");
    // At a marked, active school: a class that starts in the spring and an activity that ended in June.
    const school = picked.homeroom.organisation.id;
    springGroupId = idOf("spring group");
    fake.add("groups", {
      id: springGroupId,
      displayName: "Vårgrupp",
      startDate: "2027-01-11",
      endDate: "2027-06-11",
      groupType: "Klass",
      schoolType: "GR",
      organisation: { id: school },
      groupMemberships: [{ person: { id: picked.temporary.id, securityMarking: "Ingen" } }],
    });
    endedActivityId = idOf("ended activity");
    fake.add("activities", {
      id: endedActivityId,
      displayName: "Sommarkurs",
      calendarEventsRequired: false,
      startDate: "2026-06-01",
      endDate: "2026-06-30",
      activityType: "Undervisning",
      groups: picked.activity.groups,
      teachers: picked.activity.teachers,
      organisation: { id: picked.activity.organisation.id },
    });
  });
  after(() => fake.close());

  it("asks EduCloud for a token exactly as IST documents it and sends it as the bearer of every request", async () => {
    const result = await run("t");
    assert.equal(result.status, "succeeded");
    assert.deepEqual(fake.tokens.requests, [
      {
        contentType: "application/x-www-form-urlencoded",
        authorization: undefined,
        form: { grant_type: "client_credentials", client_id: fake.clientId, client_secret: ENV.EDUCLOUD_SECRET },
      },
    ]);
    const [token] = [...fake.tokens.tokens.keys()];
    const api = fake.requests.filter((r) => r.path.startsWith("/v2.0/"));
    assert.ok(api.length > 10);
    assert.deepEqual([...new Set(api.map((r) => r.auth))], [`Bearer ${token}`]);
  });

  it("stores the exact rows of a class, a teaching group with teachers and a pupil with a temporary number, and nothing of a protected person", async () => {
    const { db } = database();
    const { homeroom, activity, temporary, protectedIds } = picked;
    const schoolName = fake.state.data.organisations.get(homeroom.organisation.id)!.displayName;
    assert.deepEqual(await classRow(db, "t", homeroom.id), {
      sourced_id: homeroom.id,
      status: "active",
      title: homeroom.displayName,
      class_code: homeroom.displayName,
      class_type: "homeroom",
      school_sourced_id: homeroom.organisation.id,
      grades: [...new Set(expectedHomeroomEnrollments(fake, homeroom).filter((e) => e.role === "student").flatMap((e) => expectedStudentRow(fake.state.data.persons.get(e.user_sourced_id)!).user.grades))].sort(),
      course_title: `Klass – ${schoolName}`,
    });
    const homeroomEnrollments = await enrollmentsOf(db, "t", homeroom.id);
    assert.deepEqual(homeroomEnrollments, expectedHomeroomEnrollments(fake, homeroom));
    assert.ok(homeroomEnrollments.some((e) => e.role === "teacher") && homeroomEnrollments.some((e) => e.role === "student"));

    const teachingGroup = fake.state.data.groups.get(activity.groups[0]!.id)!;
    assert.equal(teachingGroup.groupType, "Undervisning");
    const scheduled = await classRow(db, "t", activity.id);
    assert.equal(scheduled?.class_type, "scheduled");
    assert.equal(scheduled?.class_code, teachingGroup.displayName);
    const activityEnrollments = await enrollmentsOf(db, "t", activity.id);
    assert.deepEqual(activityEnrollments, expectedActivityEnrollments(fake, activity));
    assert.ok(activityEnrollments.some((e) => e.user_sourced_id === temporary.id && e.role === "student"));
    assert.ok(activityEnrollments.some((e) => e.role === "teacher"));

    assert.match(temporary.civicNo!.value, /^\d{8}[A-Z]{2}\d{2}$/);
    assert.deepEqual(await userRow(db, "t", temporary.id), expectedStudentRow(temporary));
    assert.deepEqual(await rowsMentioning(db, "t", [temporary.civicNo!.value, ...protectedIds]), []);
  });

  it("leaves out a school unit not yet started, one not marked for the LMS, a class outside the dates and an ended activity", async () => {
    const { db } = database();
    const { data } = fake.state;
    // The generated spring-term (VT) groups and activities have not started either.
    const outside = (o: { startDate: string; endDate?: string }) => o.startDate > AS_OF || (o.endDate !== undefined && o.endDate < AS_OF);
    const groupsOutside = [...data.groups.values()].filter(outside).map((g) => g.id);
    const activitiesOutside = [...data.activities.values()].filter(outside).map((a) => a.id);
    assert.ok(groupsOutside.includes(springGroupId) && activitiesOutside.includes(endedActivityId) && groupsOutside.length > 1);
    const leftOut = [...Object.values(notStarted), ...Object.values(notForLms), ...groupsOutside, ...activitiesOutside];
    assert.deepEqual(await rowsMentioning(db, "t", leftOut), []);
    const [record] = await db.selectFrom("sync_runs").select("warnings").where("tenant_id", "=", "t").execute();
    const why = (record!.warnings as Array<{ why: string }>).map((w) => w.why);
    for (const note of [
      "1 school unit(s) not among the setup's schoolUnitCodes left out with everything at them",
      "1 school unit(s) not in force (no start date, not started or ended) left out with everything at them",
      `${groupsOutside.length} group(s) outside the date window left out`,
      `${activitiesOutside.length} activit(y/ies) outside the date window left out`,
    ]) assert.ok(why.includes(note), `${note} in ${JSON.stringify(why)}`);

    // The same source read without the preset's filters has every one of them: the filters are what left them out.
    const plain = ss12000SettingsSchema.parse({ url: fake.url, tokenUrl: fake.tokenUrl, clientId: fake.clientId, clientSecretEnv: "EDUCLOUD_SECRET", pageSize: 40 });
    assert.equal((await run("plain", plain)).status, "succeeded");
    for (const id of [notStarted.schoolId, notForLms.schoolId]) assert.equal((await db.selectFrom("orgs").select("status").where("tenant_id", "=", "plain").where("sourced_id", "=", id).executeTakeFirst())?.status, "active");
    for (const id of [notStarted.studentId, notForLms.teacherId]) assert.equal((await userRow(db, "plain", id)).user?.status, "active");
    for (const id of [notStarted.groupId, notForLms.groupId, springGroupId, endedActivityId, ...activitiesOutside]) assert.equal((await classRow(db, "plain", id))?.status, "active");
  });

  it("a second run marks an activity and a pupil the register removed tobedeleted, with their enrollments", async () => {
    const { db } = database();
    const { homeroom, activity, protectedIds } = picked;
    const leaver = homeroom.groupMemberships.map((m) => fake.state.data.persons.get(m.person.id)!).find((p) => !protectedIds.includes(p.id) && p.personStatus === "Aktiv" && p.id !== picked.temporary.id)!;
    const before = await enrollmentsOf(db, "t", homeroom.id);
    fake.remove("activities", activity.id);
    fake.remove("persons", leaver.id);
    const result = await run("t");
    assert.equal(result.status, "succeeded");
    assert.equal(result.counts.classes.removed, 1);

    assert.equal((await classRow(db, "t", activity.id))?.status, "tobedeleted");
    const gone = await enrollmentsOf(db, "t", activity.id);
    assert.deepEqual(gone, expectedActivityEnrollments(fake, activity).map((e) => ({ ...e, status: "tobedeleted" })));
    assert.equal((await userRow(db, "t", leaver.id)).user?.status, "tobedeleted");
    assert.deepEqual(
      await enrollmentsOf(db, "t", homeroom.id),
      before.map((e) => (e.user_sourced_id === leaver.id ? { ...e, status: "tobedeleted" } : e)),
    );
    // Users removed: the leaver and the guardians who had no other pupil here.
    const excluded = excludedPersons(fake);
    const pupils = [...fake.state.data.persons.values()].filter((p) => (p.enrolments?.length ?? 0) > 0 && !excluded.has(p.id));
    const orphaned = (leaver.responsibles ?? [])
      .map((r) => r.person.id)
      .filter((g) => !excluded.has(g) && !pupils.some((p) => p.responsibles?.some((r) => r.person.id === g)));
    const removedUsers = await db.selectFrom("users").select("sourced_id").where("tenant_id", "=", "t").where("status", "=", "tobedeleted").orderBy("sourced_id").execute();
    assert.deepEqual(removedUsers.map((u) => u.sourced_id), [leaver.id, ...orphaned].sort());
  });

  it("a delta run removes the class of a group whose stop date has passed", async () => {
    const { db } = database();
    const listed = new Set(lmsCodes);
    const atListed = (orgId: string) => listed.has(fake.state.data.organisations.get(orgId)?.schoolUnitCode ?? "");
    const group = [...fake.state.data.groups.values()].find(
      (g) => g.groupType === "Klass" && g.id !== picked.homeroom.id && g.startDate <= AS_OF && g.endDate! >= AS_OF && atListed(g.organisation.id),
    )!;
    assert.equal((await classRow(db, "t", group.id))?.status, "active");
    const since = fake.clock.now();
    fake.update("groups", group.id, { endDate: "2026-08-31" });
    const result = await importSs12000(db, educloud(), { tenantId: "t", sourceId: "ist-educloud", today: AS_OF, env: ENV, delta: true, since });
    assert.equal(result.status, "succeeded");
    assert.equal(result.mode, "delta");
    assert.equal(result.counts.classes.removed, 1);
    assert.equal((await classRow(db, "t", group.id))?.status, "tobedeleted");
    const left = await enrollmentsOf(db, "t", group.id);
    assert.ok(left.length > 0 && left.every((e) => e.status === "tobedeleted"));
  });
});
