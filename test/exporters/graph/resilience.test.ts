import assert from "node:assert/strict";
import { setTimeout as wait } from "node:timers/promises";
import { before, it } from "node:test";
import { runGraphExport } from "../../../exporters/graph/exporter.ts";
import type { GraphSettingsInput } from "../../../exporters/graph/settings.ts";
import { describeEachEngine } from "../../helpers/databases.ts";
import { startFakeGraph, type FakeGraph } from "../../fakes/graph/server.ts";
import { addFixtureUsers, CLASSES, expectedTarget, fakeClient, fakeSettings, FIRST_RUN_WRITES, loadGraphTenant, UPN } from "./fixture.ts";

describeEachEngine("Graph export: crashes, throttling, dry runs, replication delays", (database) => {
  before(() => loadGraphTenant(database().db));

  /** A fresh fake and its own export target, so each test starts from nothing at the target. */
  async function target(targetId: string, options: { users?: boolean } = {}) {
    const fake = await startFakeGraph();
    if (options.users !== false) addFixtureUsers(fake);
    const waits: number[] = [];
    const run = (today: string, overrides: Partial<GraphSettingsInput> = {}, dryRun = false) => {
      const settings = fakeSettings(fake, overrides);
      return runGraphExport(database().db, settings, { tenantId: "default", targetId, dryRun }, {
        client: fakeClient(fake, settings),
        today,
        sleep: async (ms) => {
          waits.push(ms);
          await wait(ms);
        },
      });
    };
    return { fake, run, waits };
  }

  const successfulWrites = (fake: FakeGraph, pattern: RegExp) =>
    fake.requests.filter((r) => r.method === "POST" && pattern.test(r.url) && r.status < 300).length;

  it("a crash after half the batches, then a rerun, ends in the right state without duplicates", async () => {
    const { fake, run } = await target("crash");
    try {
      fake.faults.failAfterWrites = Math.floor(FIRST_RUN_WRITES / 2);
      await assert.rejects(run("2026-11-25"), /Graph export stopped: .*500/);
      const [failed] = await database().db.selectFrom("export_runs").select(["status", "error"]).where("target_id", "=", "crash").execute();
      assert.equal(failed?.status, "failed");
      assert.ok(fake.state.classes.size > 0 && fake.state.teams.size === 0, "the crash hit mid-membership");

      // The process may also die between Graph's answer and the export_state write: forget one created class.
      await database().db.deleteFrom("export_state").where("target_id", "=", "crash").where("sourced_id", "=", CLASSES.math2).execute();

      fake.faults.failAfterWrites = undefined;
      await run("2026-11-25");
      assert.deepEqual(fake.state.summary(), expectedTarget());
      assert.equal(fake.state.classes.size, 4, "no class created twice");
      assert.equal(successfulWrites(fake, /^\/education\/classes$/), 4);
      assert.equal(successfulWrites(fake, /\/(members|teachers)\/\$ref$/), 22, "each membership added exactly once");
      assert.equal(
        fake.requests.filter((r) => r.status === 400).length,
        0,
        "no add was sent for a membership that already existed",
      );
      const after = fake.requests.length;
      await run("2026-11-26");
      assert.equal(fake.requests.length, after, "and the next night is quiet");
    } finally {
      await fake.close();
    }
  });

  it("a 429 storm is survived, each retry waiting the Retry-After it was given", async () => {
    const { fake, run, waits } = await target("throttled");
    try {
      fake.faults.retryAfterSeconds = 1;
      fake.faults.throttledRequests = 3;
      fake.faults.throttledBatchItems = 25;
      const started = Date.now();
      await run("2026-11-25");
      const seconds = (Date.now() - started) / 1000;
      assert.deepEqual(fake.state.summary(), expectedTarget());
      // Envelope 429s: the SDK's RetryHandler waited at least Retry-After before each retry.
      const envelopes = fake.requests.filter((r) => r.url === "/$batch");
      assert.deepEqual(envelopes.slice(0, 4).map((r) => r.status), [429, 429, 429, 200]);
      for (let i = 1; i < 4; i += 1) assert.ok(envelopes[i]!.at - envelopes[i - 1]!.at >= 1000, `retry ${i} waited its Retry-After`);
      // Item 429s: sent again in a new $batch after their Retry-After, here.
      assert.ok(waits.length >= 2);
      assert.ok(waits.every((ms) => ms === 1000), `waits ${waits.join(",")}`);
      assert.equal(fake.requests.filter((r) => r.inBatch && r.status === 429).length, 25);
      assert.ok(seconds < 3 + waits.length + 4, `took ${seconds} s`);
    } finally {
      await fake.close();
    }
  });

  it("a dry run prints the plan and makes no write call nor any export_state", async () => {
    const { fake, run } = await target("dry");
    try {
      const result = await run("2026-11-25", {}, true);
      assert.equal(fake.writeCalls(), 0);
      assert.deepEqual(result.outcome.counts, { classes: { create: 4 }, members: { add: 18 }, teachers: { add: 4 }, teams: { create: 4 } });
      const runRow = await database().db.selectFrom("export_runs").select(["status", "counts"]).where("id", "=", result.runId).executeTakeFirstOrThrow();
      assert.equal(runRow.status, "dry-run");
      const state = await database().db.selectFrom("export_state").selectAll().where("target_id", "=", "dry").execute();
      assert.equal(state.length, 0);
      assert.equal(fake.state.classes.size, 0);
    } finally {
      await fake.close();
    }
  });

  it("a new class's team waits out the not-yet-replicated 404s", async () => {
    const { fake, run, waits } = await target("replication");
    try {
      fake.faults.teamNotReplicatedAttempts = 2;
      const result = await run("2026-11-25");
      assert.deepEqual(fake.state.summary(), expectedTarget());
      assert.deepEqual(
        fake.requests.filter((r) => r.url === "/teams").map((r) => r.status),
        [404, 404, 404, 404, 404, 404, 404, 404, 202, 202, 202, 202],
      );
      assert.deepEqual(waits, [5, 5], "teamRetryDelayMs between rounds");
      assert.deepEqual(result.outcome.counts.teams, { created: 4 });
    } finally {
      await fake.close();
    }
  });

  it("a user missing from Entra is left out with a warning, and added the night they appear", async () => {
    const { fake, run } = await target("late-user", { users: false });
    try {
      for (const user of ["t-anna", "t-bo", "s-1", "s-2", "s-3", "s-4", "s-5"]) fake.state.addUser(UPN(user), `entra-${user}`);
      const first = await run("2026-11-25");
      assert.deepEqual(first.outcome.warnings, [{ entity: "users", sourcedId: "s-6", why: "no Entra user with its userPrincipalName: left out of its classes" }]);
      assert.equal(fake.state.classByExternalId(CLASSES.homeroom)?.members.size, 6);

      fake.state.addUser(UPN("s-6"), "entra-s-6");
      const before = fake.requests.length;
      const second = await run("2026-11-26");
      assert.deepEqual(second.outcome.counts, { members: { added: 2 } });
      assert.deepEqual(fake.state.summary(), expectedTarget());
      assert.equal(fake.requests.slice(before).filter((r) => r.method === "GET" && r.url.startsWith("/users/")).length, 1);
    } finally {
      await fake.close();
    }
  });
});
