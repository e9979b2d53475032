import assert from "node:assert/strict";
import { before, it } from "node:test";
import { listExportRuns, recordExportRun } from "../../exporters/run-record.ts";
import { ensureTenant } from "../../src/tenancy/ensure-tenant.ts";
import { describeEachEngine } from "../helpers/databases.ts";

describeEachEngine("export run records", (database) => {
  before(async () => {
    assert.equal(await ensureTenant(database().db, "t1", "Tenant 1"), true);
    assert.equal(await ensureTenant(database().db, "t1"), false);
  });

  it("records a succeeded run with its counts and warnings", async () => {
    const { db } = database();
    const warnings = [{ entity: "users", sourcedId: "u-1", why: "no username" }];
    const { runId, outcome } = await recordExportRun(db, { tenantId: "t1", targetId: "sds-main", dryRun: false }, "sds", async () => ({
      counts: { users: { written: 3, skipped: 1 } },
      warnings,
    }));
    assert.deepEqual(outcome.counts, { users: { written: 3, skipped: 1 } });
    const run = (await listExportRuns(db, "t1")).find((r) => r.id === runId);
    assert.equal(run?.status, "succeeded");
    assert.equal(run?.targetId, "sds-main");
    assert.equal(run?.targetKind, "sds");
    assert.deepEqual(run?.counts, { users: { written: 3, skipped: 1 } });
    assert.deepEqual(run?.warnings, warnings);
    assert.equal(run?.warningCount, 1);
    assert.equal(run?.error, null);
    assert.ok(run?.finishedAt instanceof Date);
  });

  it("records a dry run as such", async () => {
    const { db } = database();
    await recordExportRun(db, { tenantId: "t1", targetId: "asm", dryRun: true }, "asm", async () => ({ counts: {}, warnings: [] }));
    assert.equal((await listExportRuns(db, "t1")).find((r) => r.targetId === "asm")?.status, "dry-run");
  });

  it("records a failed run with its error and rethrows it", async () => {
    const { db } = database();
    await assert.rejects(
      recordExportRun(db, { tenantId: "t1", targetId: "graph", dryRun: false }, "graph", async () => {
        throw new Error("token endpoint said 401");
      }),
      /token endpoint said 401/,
    );
    const run = (await listExportRuns(db, "t1")).find((r) => r.targetId === "graph");
    assert.equal(run?.status, "failed");
    assert.equal(run?.error, "token endpoint said 401");
    assert.equal(run?.targetKind, "graph");
  });
});
