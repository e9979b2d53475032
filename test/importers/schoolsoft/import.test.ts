import assert from "node:assert/strict";
import { after, before, it } from "node:test";
import { schoolsoftSettingsSchema, type SchoolsoftSettingsInput } from "../../../importers/schoolsoft/settings.ts";
import { listRuns } from "../../../src/sync/run-record.ts";
import { SyncError } from "../../../src/sync/types.ts";
import { importSs12000 } from "../../../src/imports/ss12000-import.ts";
import { describeEachEngine } from "../../helpers/databases.ts";
import { startFakeSs12000, type FakeSs12000 } from "../../fakes/ss12000/server.ts";
import { dumpTenant } from "../../sync/helpers.ts";
import {
  AS_OF,
  classRow,
  enrollmentsOf,
  expectedActivityEnrollments,
  expectedHomeroomEnrollments,
  expectedStudentRow,
  pick,
  rowsMentioning,
  userRow,
  type Picked,
} from "../ist-educloud/register-fixture.ts";

const TOKEN = "schoolsoft-token";
const ENV = { SCHOOLSOFT_TOKEN: TOKEN };
const SEED = 3;

describeEachEngine("SchoolSoft preset", (database) => {
  let complete: FakeSs12000;
  /** The marked export: the same school's data, listing only the activities teachers marked. */
  let marked: FakeSs12000;
  let picked: Picked;
  let unmarked: string[];

  const run = (tenantId: string, extra: Partial<SchoolsoftSettingsInput> = {}) =>
    importSs12000(database().db, schoolsoftSettingsSchema.parse({ url: complete.url, tokenEnv: "SCHOOLSOFT_TOKEN", pageSize: 40, ...extra }), {
      tenantId,
      sourceId: "schoolsoft",
      today: AS_OF,
      env: ENV,
    });

  before(async () => {
    complete = await startFakeSs12000({ students: 20, seed: SEED, staticToken: TOKEN });
    marked = await startFakeSs12000({ students: 20, seed: SEED, staticToken: TOKEN });
    picked = pick(complete);
    // Teachers marked every activity of the picked activity's school but two, and none elsewhere.
    const school = picked.activity.organisation.id;
    const atSchool = [...marked.state.data.activities.values()].filter((a) => a.organisation.id === school && a.id !== picked.activity.id);
    unmarked = [...marked.state.data.activities.values()].filter((a) => a.organisation.id !== school).map((a) => a.id);
    unmarked.push(atSchool[0]!.id, atSchool[1]!.id);
    for (const id of unmarked) marked.remove("activities", id);
  });
  after(async () => {
    await complete.close();
    await marked.close();
  });

  it("imports the complete export: exact rows of a class, a teaching group with teachers and a pupil with a temporary number; nothing of a protected person", async () => {
    const { db } = database();
    const result = await run("complete");
    assert.equal(result.status, "succeeded");
    const { data } = complete.state;
    assert.equal(result.counts.classes.created, [...data.groups.values()].filter((g) => g.groupType === "Klass").length + data.activities.size);

    const { homeroom, activity, temporary, protectedIds } = picked;
    assert.equal((await classRow(db, "complete", homeroom.id))?.class_type, "homeroom");
    assert.deepEqual(await enrollmentsOf(db, "complete", homeroom.id), expectedHomeroomEnrollments(complete, homeroom));
    assert.equal((await classRow(db, "complete", activity.id))?.class_type, "scheduled");
    const activityEnrollments = await enrollmentsOf(db, "complete", activity.id);
    assert.deepEqual(activityEnrollments, expectedActivityEnrollments(complete, activity));
    assert.ok(activityEnrollments.some((e) => e.role === "teacher") && activityEnrollments.some((e) => e.user_sourced_id === temporary.id));
    assert.deepEqual(await userRow(db, "complete", temporary.id), expectedStudentRow(temporary));
    assert.deepEqual(await rowsMentioning(db, "complete", [temporary.civicNo!.value, ...protectedIds]), []);
  });

  it("marks what SchoolSoft removed tobedeleted on the next run, with its enrollments", async () => {
    const { db } = database();
    const { homeroom } = picked;
    const before = await enrollmentsOf(db, "complete", homeroom.id);
    complete.remove("groups", homeroom.id);
    const result = await run("complete");
    assert.equal(result.status, "succeeded");
    assert.equal(result.counts.classes.removed, 1);
    assert.equal((await classRow(db, "complete", homeroom.id))?.status, "tobedeleted");
    assert.deepEqual(await enrollmentsOf(db, "complete", homeroom.id), before.map((e) => ({ ...e, status: "tobedeleted" })));
  });

  it("with the marked export, imports only the marked activities as classes, and still every person", async () => {
    const { db } = database();
    const result = await run("marked", { markedExport: { url: marked.url } });
    assert.equal(result.status, "succeeded");
    const classes = await db.selectFrom("classes").select(["sourced_id", "class_type"]).where("tenant_id", "=", "marked").orderBy("sourced_id").execute();
    const markedIds = [...marked.state.data.activities.keys()].sort();
    assert.deepEqual(classes, markedIds.map((id) => ({ sourced_id: id, class_type: "scheduled" })));
    assert.deepEqual(await rowsMentioning(db, "marked", unmarked), []);
    assert.deepEqual(await enrollmentsOf(db, "marked", picked.activity.id), expectedActivityEnrollments(complete, picked.activity));
    const users = async (tenant: string) =>
      (await db.selectFrom("users").select("sourced_id").where("tenant_id", "=", tenant).where("status", "=", "active").orderBy("sourced_id").execute()).map((u) => u.sourced_id);
    assert.deepEqual(await users("marked"), await users("complete"));
    assert.ok(result.warnings.some((w) => w.why === `${unmarked.length} activit(y/ies) not in the list of selected activities left out`));

    const withHomerooms = await run("marked-homerooms", { markedExport: { url: marked.url, homerooms: true } });
    const klass = [...complete.state.data.groups.values()].filter((g) => g.groupType === "Klass").length;
    assert.equal(withHomerooms.counts.classes.created, markedIds.length + klass);
  });

  it("refuses persons without GUIDs (SchoolSoft has not activated them), naming no one, and writes nothing", async () => {
    const { db } = database();
    const before = await dumpTenant(db, "complete");
    complete.add("persons", { id: "19100101-0101", givenName: "Ingen", familyName: "Guid", securityMarking: "Ingen", personStatus: "Aktiv" });
    try {
      await assert.rejects(run("complete"), (error: unknown) => {
        assert.ok(error instanceof SyncError);
        assert.match(error.message, /a person's id is not a UUID: the register must put GUIDs on its users \(for SchoolSoft: ask SchoolSoft to activate GUID on users in the export\)$/);
        assert.doesNotMatch(error.message, /19100101/);
        return true;
      });
    } finally {
      complete.state.data.persons.delete("19100101-0101");
    }
    assert.deepEqual(await dumpTenant(db, "complete"), before);
    const [last] = await listRuns(db, "complete", 1);
    assert.equal(last?.status, "failed");
  });
});
