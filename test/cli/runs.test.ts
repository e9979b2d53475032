import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { migrateToLatest } from "../../db/migrator.ts";
import { runSync } from "../../src/sync/engine.ts";
import { asSnapshot, smallSnapshot } from "../fixtures/sync-snapshots.ts";
import { runCli } from "../helpers/cli.ts";
import { cliDatabase } from "../helpers/cli-database.ts";

const db = cliDatabase("oneroster-runs-");

describe("oneroster runs", () => {
  before(async () => {
    await db.setUp();
    const database = await db.open();
    try {
      await migrateToLatest(database.db);
      const options = { tenantId: "default", sourceId: "ss12000", sourceKind: "ss12000", mode: "full" as const };
      await runSync(database.db, { ...options, snapshot: asSnapshot(smallSnapshot()) });
      await runSync(database.db, {
        ...options,
        snapshot: asSnapshot({ ...smallSnapshot(), orgs: [] }),
        onProgress: () => {
          throw new Error("injected failure");
        },
      }).catch(() => {});
    } finally {
      await database.close();
    }
  });
  after(() => db.tearDown());

  it("prints a tenant's runs, newest first, with their counts and errors", async () => {
    const { code, stdout, stderr } = await runCli(["runs", "--tenant", "default"], db.env());
    assert.equal(code, 0, stderr);
    const lines = stdout.trimEnd().split("\n");
    assert.match(lines[0]!, /^\S+Z  failed  ss12000 \(ss12000\)  full  \d+\.\d s  run [0-9a-f-]{36}$/);
    assert.ok(lines.includes("  error: injected failure"), stdout);
    const succeeded = lines.findIndex((l) => / succeeded /.test(l));
    assert.ok(succeeded > 0, stdout);
    assert.ok(lines.slice(succeeded).includes("  users: 7 created, 0 updated, 0 unchanged, 0 removed, 0 skipped"), stdout);
  });

  it("prints JSON with --json and says so when a tenant has no runs", async () => {
    const json = await runCli(["runs", "--tenant", "default", "--json"], db.env());
    assert.equal(json.code, 0, json.stderr);
    const runs = JSON.parse(json.stdout) as Array<{ status: string; counts: Record<string, { created: number }> }>;
    assert.deepEqual(runs.map((r) => r.status), ["failed", "succeeded"]);
    assert.equal(runs[1]?.counts.enrollments?.created, 7);
    const none = await runCli(["runs", "--tenant", "other"], db.env());
    assert.equal(none.stdout, "no runs for tenant other\n");
  });
});
