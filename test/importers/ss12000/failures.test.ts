import assert from "node:assert/strict";
import { after, before, it } from "node:test";
import { listRuns } from "../../../src/sync/run-record.ts";
import { SyncError } from "../../../src/sync/types.ts";
import { describeEachEngine } from "../../helpers/databases.ts";
import { startFakeSs12000, type FakeSs12000 } from "../../fakes/ss12000/server.ts";
import { dumpTenant } from "../../sync/helpers.ts";
import { TOKEN, importFrom } from "./helpers.ts";

describeEachEngine("SS 12000 import failures", (database) => {
  let fake: FakeSs12000;
  before(async () => {
    fake = await startFakeSs12000({ students: 60, seed: 3, staticToken: TOKEN });
    await importFrom(database().db, fake);
  });
  after(() => fake.close());

  it("leaves the database exactly as it was when the source dies on page 37, and records the failed run", async () => {
    const { db } = database();
    const before = await dumpTenant(db, "t");
    fake.rename([...fake.state.data.groups.values()][0]!.id, "Ändrad före felet");
    fake.faults.serverError({ path: "/persons", page: 37, times: 100 });
    try {
      await assert.rejects(
        importFrom(db, fake, { settings: { pageSize: 4, maxAttempts: 2 } }),
        (error: unknown) => error instanceof SyncError && /GET \/persons \(persons page 37\) failed after 2 attempts: 500/.test(error.message),
      );
    } finally {
      fake.faults.clear();
    }
    assert.deepEqual(await dumpTenant(db, "t"), before);
    const [run] = await listRuns(db, "t", 1);
    assert.equal(run?.status, "failed");
    assert.match(run?.error ?? "", /persons page 37/);
  });

  it("stops reading the other collections, read side by side, when one of them fails", async () => {
    const { db } = database();
    const before = await dumpTenant(db, "t");
    fake.faults.serverError({ path: "/organisations", page: 1, times: 100 });
    const from = fake.requests.length;
    try {
      await assert.rejects(
        importFrom(db, fake, { settings: { pageSize: 2, maxAttempts: 1 } }),
        (error: unknown) => error instanceof SyncError && /GET \/organisations \(organisations page 1\) failed/.test(error.message),
      );
      await new Promise((resolve) => setTimeout(resolve, 300));
    } finally {
      fake.faults.clear();
    }
    const pagesRead = (path: string) => fake.requests.slice(from).filter((r) => r.path.endsWith(path)).length;
    // Each collection had asked for its first page and at most two more (one handed on, one asked ahead) by then.
    for (const path of ["/duties", "/placements", "/groups", "/activities"]) {
      const total = Math.ceil(fake.state.data[path.slice(1) as "groups"].size / 2);
      assert.ok(total > 5, `${path} has more than five pages of two`);
      assert.ok(pagesRead(path) <= 3, `${path}: ${pagesRead(path)} of ${total} pages read`);
    }
    assert.equal(pagesRead("/persons"), 0);
    assert.deepEqual(await dumpTenant(db, "t"), before);
  });

  it("is stopped by the mass-delete guard when the source suddenly returns half the students, and applies with force", async () => {
    const { db } = database();
    await importFrom(db, fake);
    const before = await dumpTenant(db, "t");
    const hidden = fake.dropShare("student", 0.5);
    try {
      const stopped = await importFrom(db, fake);
      assert.equal(stopped.status, "stopped");
      assert.equal(stopped.guard[0]?.entity, "users");
      assert.ok(stopped.guard[0]!.wouldRemove >= hidden.length - 5, JSON.stringify(stopped.guard));
      assert.deepEqual(await dumpTenant(db, "t"), before);
      const forced = await importFrom(db, fake, { force: true });
      assert.equal(forced.status, "succeeded");
      const gone = await db.selectFrom("users").select("status").where("sourced_id", "in", hidden).execute();
      assert.ok(gone.length > 0 && gone.every((u) => u.status === "tobedeleted"));
    } finally {
      fake.restoreShare();
    }
  });

  it("waits as long as Retry-After says on 429, then carries on", async () => {
    const { db } = database();
    fake.faults.tooManyRequests({ path: "/groups", page: 1, retryAfter: 1 });
    const waits: number[] = [];
    const started = Date.now();
    const result = await importFrom(db, fake, { waits });
    assert.equal(result.status, "succeeded");
    assert.deepEqual(waits, [1000]);
    assert.ok(Date.now() - started >= 1000);
    const groupRequests = fake.requests.filter((r) => r.path === "/v2.0/groups" && r.query.pageToken === undefined).slice(-2);
    assert.deepEqual(groupRequests.map((r) => r.status), [429, 200]);
  });

  it("retries a truncated answer and a 503 and gets the same result", async () => {
    const { db } = database();
    const before = await dumpTenant(db, "t");
    fake.faults.truncate({ path: "/persons", page: 1 });
    fake.faults.serverError({ path: "/activities", page: 1, status: 503 });
    const waits: number[] = [];
    const result = await importFrom(db, fake, { waits });
    assert.equal(result.status, "succeeded");
    assert.equal(waits.length, 2);
    assert.deepEqual(await dumpTenant(db, "t"), before);
  });

  it("gets an OAuth 2 token by client credentials and a new one when the source forgets it", async () => {
    const { db } = database();
    const settings = { tokenEnv: undefined, tokenUrl: fake.tokenUrl, clientId: fake.clientId, clientSecretEnv: "SS12000_SECRET", pageSize: 20 };
    let revoked = false;
    const result = await importFrom(db, fake, {
      settings,
      onProgress: ({ collection }) => {
        if (collection === "duties" && !revoked) {
          revoked = true;
          fake.tokens.revokeAll();
        }
      },
    });
    assert.equal(result.status, "succeeded");
    const tokenRequests = fake.requests.filter((r) => r.path === "/token");
    assert.equal(tokenRequests.length, 2);
    assert.ok(fake.requests.some((r) => r.status === 401));
  });

  it("says which variable is missing when the secret is not in the environment", async () => {
    const { db } = database();
    await assert.rejects(
      importFrom(db, fake, { env: {}, settings: { tokenEnv: "NO_SUCH_TOKEN" } }),
      /SS 12000 static token: environment variable NO_SUCH_TOKEN is not set/,
    );
  });
});
