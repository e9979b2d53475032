import assert from "node:assert/strict";
import { it } from "node:test";
import type { User } from "../../src/model/canonical.ts";
import { smallSnapshot } from "../fixtures/sync-snapshots.ts";
import { describeEachEngine } from "../helpers/databases.ts";
import { createTenant, rowOf, sync } from "./helpers.ts";

const T = "valid";

describeEachEngine("sync: invalid records and broken references", (database) => {
  it("skip an invalid record with a warning naming entity, sourcedId and why, and go on", async () => {
    const { db } = database();
    await createTenant(db, T);
    const data = smallSnapshot();
    (data.users[3] as unknown as Record<string, unknown>).role = "rektor";
    delete (data.users[4] as Partial<User>).username;
    const result = await sync(db, T, data);
    assert.equal(result.status, "succeeded");
    assert.equal(result.counts.users.created, 5);
    assert.equal(result.counts.users.skipped, 2);
    const why = new Map(result.warnings.map((w) => [`${w.entity} ${w.sourcedId}`, w.why]));
    assert.match(why.get("users user-s2") ?? "", /^invalid: role: /);
    assert.match(why.get("users user-s3") ?? "", /^invalid: username: /);
    // what refers to a skipped record is skipped too: the database could not hold it
    assert.match(why.get("enrollments enr-3") ?? "", /^userSourcedId refers to users "user-s2", which the tenant does not have$/);
    assert.match(why.get("demographics user-s2") ?? "", /^sourcedId refers to users "user-s2"/);
    assert.equal(result.counts.demographics.skipped, 1);
    assert.equal(result.counts.enrollments.skipped, 2);
    assert.equal(result.warningCount, 5);
  });

  it("keep the stored row of a record that is invalid in a later full snapshot, rather than remove it", async () => {
    const { db } = database();
    await sync(db, T, smallSnapshot());
    const data = smallSnapshot();
    data.users[3]!.givenName = "Omar Ali";
    (data.users[3] as unknown as Record<string, unknown>).email = 42;
    const result = await sync(db, T, data);
    assert.equal(result.counts.users.removed, 0);
    assert.equal(result.counts.users.skipped, 1);
    const row = await rowOf(db, "users", T, "user-s2");
    assert.equal(row.status, "active");
    assert.equal(row.given_name, "Omar");
  });

  it("skip references to rows of another tenant (the first tenant has org-ek, this one does not)", async () => {
    const { db } = database();
    await createTenant(db, "valid-2");
    const data = smallSnapshot();
    data.orgs = data.orgs.filter((o) => o.sourcedId !== "org-ek");
    const result = await sync(db, "valid-2", data);
    assert.equal(result.counts.orgs.created, 2);
    const skipped = result.warnings.map((w) => `${w.entity} ${w.sourcedId}`).sort();
    assert.deepEqual(skipped, [
      "classes class-sv7b",
      "courses course-sv7",
      "enrollments enr-5",
      "enrollments enr-6",
      "enrollments enr-7",
      "users user-s3",
      "users user-s4",
      "users user-t2",
    ]);
  });

  it("leave out a link to a guardian the snapshot does not have, keeping the user", async () => {
    const { db } = database();
    await createTenant(db, "valid-3");
    const data = smallSnapshot();
    data.users = data.users.filter((u) => u.sourcedId !== "user-g1");
    const result = await sync(db, "valid-3", data);
    assert.equal(result.counts.users.created, 6);
    assert.deepEqual(result.warnings, [
      { entity: "users", sourcedId: "user-s1", why: 'agentSourcedIds refers to users "user-g1", which the tenant does not have; the link is left out' },
    ]);
    const agents = await db.selectFrom("user_agents").selectAll().where("tenant_id", "=", "valid-3").execute();
    assert.deepEqual(agents, []);
    const again = await sync(db, "valid-3", data);
    assert.equal(again.counts.users.unchanged, 6, "a dropped link is no change the next night");
  });
});
