import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { openDatabase, type DatabaseHandle } from "../../db/connection.ts";
import { TenantBusyError, tenantLockKey, withTenantLock } from "../../src/jobs/tenant-lock.ts";
import { describeEachEngine, openTestDatabase } from "../helpers/databases.ts";

/** A lock holder that keeps the lock until `release()` is called. */
function holdLock(run: (work: () => Promise<string>) => Promise<string>) {
  let release!: () => void;
  let acquired!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const held = new Promise<void>((resolve) => (acquired = resolve));
  const done = run(async () => {
    acquired();
    await gate;
    return "first done";
  });
  return { held, release, done };
}

describeEachEngine("withTenantLock", (database) => {
  it("refuses a second run of the same tenant while the first holds the lock, naming the tenant", async () => {
    const first = holdLock((work) => withTenantLock(database(), "kommun-a", "import sis", work));
    await first.held;
    let secondRan = false;
    await assert.rejects(
      withTenantLock(database(), "kommun-a", "export sds", async () => {
        secondRan = true;
      }),
      (error: unknown) => {
        assert.ok(error instanceof TenantBusyError);
        assert.equal(error.tenantId, "kommun-a");
        assert.equal(error.purpose, "export sds");
        assert.equal(
          error.message,
          'Tenant "kommun-a" is busy: another import/export run is in progress (import sis, in this process); ' +
            "not starting export sds. Try again when it has finished.",
        );
        return true;
      },
    );
    assert.equal(secondRan, false);
    first.release();
    assert.equal(await first.done, "first done");
  });

  it("lets another tenant run at the same time", async () => {
    const first = holdLock((work) => withTenantLock(database(), "kommun-a", "import sis", work));
    await first.held;
    assert.equal(await withTenantLock(database(), "kommun-b", "import sis", async () => 42), 42);
    first.release();
    await first.done;
  });

  it("succeeds again once the first run has released the lock", async () => {
    assert.equal(await withTenantLock(database(), "kommun-a", "import sis", async () => "one"), "one");
    assert.equal(await withTenantLock(database(), "kommun-a", "import sis", async () => "two"), "two");
  });

  it("releases the lock when the work throws", async () => {
    await assert.rejects(
      withTenantLock(database(), "kommun-a", "import sis", async () => {
        throw new Error("source unreachable");
      }),
      /source unreachable/,
    );
    assert.equal(await withTenantLock(database(), "kommun-a", "import sis", async () => "after failure"), "after failure");
  });
});

describe("tenantLockKey", () => {
  it("is a stable signed 64-bit key per tenant (and schema)", () => {
    const key = tenantLockKey("default");
    assert.equal(key, tenantLockKey("default"));
    assert.ok(key >= -(2n ** 63n) && key < 2n ** 63n);
    assert.notEqual(key, tenantLockKey("other"));
    assert.notEqual(key, tenantLockKey("default", "test_abc"));
  });
});

describe("withTenantLock across two Postgres pools (two replicas)", { skip: !process.env.TEST_DATABASE_URL && "needs TEST_DATABASE_URL" }, () => {
  let primary: DatabaseHandle;
  before(async () => {
    primary = await openTestDatabase("postgres");
  });
  after(async () => {
    await primary?.close();
  });

  it("refuses the tenant in the other replica while one holds it, names the running run, and frees it on release", async () => {
    const replica = await openDatabase({ databaseUrl: process.env.TEST_DATABASE_URL!, schema: primary.schema!, poolSize: 2 });
    try {
      await primary.db.insertInto("tenants").values({ id: "kommun-a", name: "Kommun A" }).execute();
      await primary.db.insertInto("sources").values({ tenant_id: "kommun-a", id: "sis", kind: "ss12000" }).execute();
      await primary.db
        .insertInto("sync_runs")
        .values({ tenant_id: "kommun-a", id: "run-1", source_id: "sis", source_kind: "ss12000", mode: "full", status: "running", started_at: "2026-11-25T02:00:00.000Z" })
        .execute();

      const first = holdLock((work) => withTenantLock(primary, "kommun-a", "import sis", work));
      await first.held;
      await assert.rejects(withTenantLock(replica, "kommun-a", "export sds", async () => "ran"), (error: unknown) => {
        assert.ok(error instanceof TenantBusyError);
        assert.equal(
          error.message,
          'Tenant "kommun-a" is busy: another import/export run is in progress (import sis, started 2026-11-25T02:00:00.000Z); ' +
            "not starting export sds. Try again when it has finished.",
        );
        return true;
      });
      // The other replica may run other tenants meanwhile.
      assert.equal(await withTenantLock(replica, "kommun-b", "import sis", async () => "b"), "b");
      first.release();
      await first.done;
      assert.equal(await withTenantLock(replica, "kommun-a", "export sds", async () => "ran"), "ran");
      // …and then the first replica is refused while the second holds it.
      const second = holdLock((work) => withTenantLock(replica, "kommun-a", "export sds", work));
      await second.held;
      await assert.rejects(withTenantLock(primary, "kommun-a", "import sis", async () => "x"), TenantBusyError);
      second.release();
      await second.done;
      // A run that throws gives the lock back to the database, not only to this process.
      await assert.rejects(withTenantLock(primary, "kommun-a", "import sis", async () => Promise.reject(new Error("boom"))), /boom/);
      assert.equal(await withTenantLock(replica, "kommun-a", "export sds", async () => "after boom"), "after boom");
    } finally {
      await replica.close();
    }
  });
});
