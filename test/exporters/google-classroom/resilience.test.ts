import assert from "node:assert/strict";
import { before, it } from "node:test";
import { setTimeout as wait } from "node:timers/promises";
import { runClassroomExport } from "../../../exporters/google-classroom/exporter.ts";
import type { ClassroomSettingsInput } from "../../../exporters/google-classroom/settings.ts";
import { describeEachEngine } from "../../helpers/databases.ts";
import { startFakeGoogle, type FakeGoogle } from "../../fakes/google/server.ts";
import { addFixtureUsers, alias, CLASSES, EMAIL, expectedTarget, fakeClient, fakeSettings, FIRST_RUN_WRITES, loadClassroomTenant } from "./fixture.ts";

describeEachEngine("Google Classroom export: crashes, throttling, dry runs, invitations", (database) => {
  before(() => loadClassroomTenant(database().db));

  /** A fresh fake and its own export target, so each test starts from nothing at the target. */
  async function target(targetId: string, options: { realWaits?: boolean } = {}) {
    const fake = await startFakeGoogle();
    addFixtureUsers(fake);
    const waits: number[] = [];
    const run = (today: string, overrides: Partial<ClassroomSettingsInput> = {}, dryRun = false) => {
      const settings = fakeSettings(fake, overrides);
      return runClassroomExport(database().db, settings, { tenantId: "default", targetId, dryRun }, {
        client: fakeClient(fake, settings),
        today,
        sleep: async (ms) => {
          waits.push(ms);
          if (options.realWaits) await wait(ms);
        },
      });
    };
    return { fake, run, waits };
  }

  const successful = (fake: FakeGoogle, method: string, pattern: RegExp) => fake.requests.filter((r) => r.method === method && pattern.test(r.path) && r.status < 300).length;

  it("a crash after half the batches, then a rerun, ends in the right state without duplicates", async () => {
    const { fake, run } = await target("crash");
    try {
      // Batches of 5: 4 creates in one, then 15 adds in three; the target dies after the second add batch.
      fake.faults.failAfterWrites = 4 + 5;
      await assert.rejects(run("2026-11-25", { batchSize: 5, maxRetries: 1 }), /Classroom export stopped: .*500 INTERNAL/);
      const [failed] = await database().db.selectFrom("export_runs").select(["status", "error"]).where("target_id", "=", "crash").execute();
      assert.equal(failed?.status, "failed");
      assert.equal(fake.state.courses.size, 4);

      // The process may also die between Google's answer and the export_state write: forget one created course.
      await database().db.deleteFrom("export_state").where("target_id", "=", "crash").where("sourced_id", "=", CLASSES.math2).execute();

      fake.faults.failAfterWrites = undefined;
      await run("2026-11-25", { batchSize: 5 });
      assert.deepEqual(fake.state.summary(), expectedTarget());
      assert.equal(fake.state.courses.size, 4, "no course created twice");
      assert.equal(successful(fake, "POST", /^\/v1\/courses$/), 4);
      assert.equal(successful(fake, "POST", /^\/v1\/courses\/\d+\/(teachers|students)$/), FIRST_RUN_WRITES - 4, "each member added exactly once");
      assert.equal(fake.requests.filter((r) => r.status === 409).length, 0, "no add was sent for a member already there");
      assert.ok(fake.requests.some((r) => r.method === "GET" && r.path === `/v1/courses/${encodeURIComponent(alias(CLASSES.math2))}` && r.status === 200), "the forgotten course was found by its alias");
      const after = fake.requests.length;
      await run("2026-11-26");
      assert.equal(fake.requests.length, after, "and the next night is quiet");
    } finally {
      await fake.close();
    }
  });

  it("a create answered ALREADY_EXISTS takes the course by its alias", async () => {
    const { fake, run } = await target("race");
    try {
      // A course with the alias appears between the look-up and the create (another run, or a person).
      const original = fake.state.course.bind(fake.state);
      let lookups = 0;
      fake.state.course = (idOrAlias: string) => {
        if (idOrAlias === alias(CLASSES.homeroom) && lookups++ === 0) {
          fake.state.courses.set("999", { id: "999", name: "7A", ownerId: "g-t-anna", courseState: "ACTIVE", creationTime: "", updateTime: "", aliases: new Set([alias(CLASSES.homeroom)]), teachers: new Set(["g-t-anna"]), students: new Set() });
          return undefined;
        }
        return original(idOrAlias);
      };
      const result = await run("2026-11-25");
      assert.deepEqual(result.outcome.counts.courses, { created: 3, found: 1 });
      assert.equal(fake.state.courses.size, 4);
      const next = await run("2026-11-26");
      assert.deepEqual(next.outcome.counts, { courses: { updated: 1 }, students: { added: 6 } }, "its section and roster are put right the next night");
      assert.deepEqual(fake.state.summary(), expectedTarget());
    } finally {
      await fake.close();
    }
  });

  it("a 429 storm is survived, each retry waiting the Retry-After it was given", async () => {
    const { fake, run, waits } = await target("throttled", { realWaits: true });
    try {
      fake.faults.retryAfterSeconds = 1;
      fake.faults.throttledRequests = 2;
      fake.faults.throttledBatchItems = 30;
      const started = Date.now();
      await run("2026-11-25");
      const seconds = (Date.now() - started) / 1000;
      assert.deepEqual(fake.state.summary(), expectedTarget());
      const envelopes = fake.requests.filter((r) => r.path === "/batch/classroom/v1");
      assert.deepEqual(envelopes.slice(0, 3).map((r) => r.status), [429, 429, 200]);
      for (let i = 1; i < 3; i += 1) assert.ok(envelopes[i]!.at - envelopes[i - 1]!.at >= 1000, `envelope retry ${i} waited its Retry-After`);
      assert.equal(fake.requests.filter((r) => r.inBatch && r.status === 429).length, 30);
      assert.ok(waits.length >= 3 && waits.every((ms) => ms === 1000), `waits ${waits.join(",")}`);
      assert.ok(seconds < waits.length + 3, `took ${seconds} s`);
    } finally {
      await fake.close();
    }
  });

  it("without Retry-After, retries back off exponentially with jitter", async () => {
    const { fake, run, waits } = await target("backoff");
    try {
      fake.faults.retryAfterSeconds = undefined;
      fake.faults.throttledRequests = 3;
      await run("2026-11-25", { backoffBaseMs: 100, backoffMaxMs: 250 });
      assert.deepEqual(fake.state.summary(), expectedTarget());
      assert.equal(waits.length, 3);
      const [first, second, third] = waits as [number, number, number];
      assert.ok(first >= 50 && first <= 100, `first ${first}`);
      assert.ok(second >= 100 && second <= 200, `second ${second}`);
      assert.ok(third >= 125 && third <= 250, `third (capped) ${third}`);
    } finally {
      await fake.close();
    }
  });

  it("a dry run makes no write call nor any export_state", async () => {
    const { fake, run } = await target("dry");
    try {
      const result = await run("2026-11-25", {}, true);
      assert.equal(fake.writeCalls(), 0);
      assert.deepEqual(result.outcome.counts, { courses: { create: 4 }, teachers: { add: 1 }, students: { add: 14 } });
      const runRow = await database().db.selectFrom("export_runs").select(["status"]).where("id", "=", result.runId).executeTakeFirstOrThrow();
      assert.equal(runRow.status, "dry-run");
      assert.equal((await database().db.selectFrom("export_state").selectAll().where("target_id", "=", "dry").execute()).length, 0);
      assert.equal(fake.state.courses.size, 0);
    } finally {
      await fake.close();
    }
  });

  it("by invitation: invites once, PROVISIONED courses, and withdraws the invitation of someone who left", async () => {
    const { fake, run } = await target("invite");
    try {
      const first = await run("2026-11-25", { addMembersBy: "invitation", courseState: "PROVISIONED" });
      assert.deepEqual(first.outcome.counts, { courses: { created: 4 }, teachers: { invited: 1 }, students: { invited: 14 } });
      const homeroom = fake.state.summary()[alias(CLASSES.homeroom)]!;
      assert.equal(homeroom.state, "PROVISIONED");
      assert.deepEqual(homeroom.students, []);
      assert.equal(homeroom.invited.length, 6);
      // s-2 accepts; s-3 leaves the homeroom before accepting.
      const invitationOf = (user: string) => [...fake.state.invitations.values()].find((i) => i.userId === `g-${user}` && i.courseId === fake.state.course(alias(CLASSES.homeroom))!.id)!;
      fake.state.acceptInvitation(invitationOf("s-2").id);
      const withdrawn = invitationOf("s-3").id;
      await database().db.updateTable("enrollments").set({ status: "tobedeleted" }).where("sourced_id", "=", `e-${CLASSES.homeroom}-s-3`).execute();
      const before = fake.requests.length;
      const second = await run("2026-11-26", { addMembersBy: "invitation", courseState: "PROVISIONED" });
      assert.deepEqual(second.outcome.counts, { invitations: { deleted: 1 } });
      assert.deepEqual(fake.requests.slice(before).filter((r) => r.method !== "GET" && r.inBatch).map((r) => `${r.method} ${r.path}`), [`DELETE /v1/invitations/${withdrawn}`]);
      assert.deepEqual(fake.state.summary()[alias(CLASSES.homeroom)]!.students, [EMAIL("s-2")]);
      await database().db.updateTable("enrollments").set({ status: "active" }).where("sourced_id", "=", `e-${CLASSES.homeroom}-s-3`).execute();
    } finally {
      await fake.close();
    }
  });
});
