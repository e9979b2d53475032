/**
 * Times the Graph exporter's nightly run for a large tenant against the loopback fake holding the same state:
 * snapshot + export_state + remote reads + plan (+ an apply that has nothing to do), and counts the calls it makes.
 *
 *   npx tsx bench/graph-plan.ts [--today 2026-11-25] [--changed 100] [--nights 3]
 *
 * The database is BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/oneroster_bench), tenant
 * BENCH_TENANT ("default"). When it is missing or empty, the 70 000-student demo municipality is loaded into a schema
 * of its own in postgres://…/test (dropped afterwards). Only export_state/export_runs rows of the target
 * "graph-bench" are written, and removed again at the end. BENCH_SCHEMA=<schema in …/test> reuses (and keeps) a
 * schema an earlier run loaded.
 *
 * Each night runs in a child process of its own (the real runGraphExport, with a Graph client pointed at the fake in
 * this process), so its wall time and peak RSS (/proc VmHWM) are the exporter's alone, not the fake's.
 *
 * "Same state" is primed directly (fake state and export_state as a finished first run leaves them), not by a first
 * run through HTTP: that would be 50 000 $batches and measure the fake, not the plan.
 * --changed N then forgets the membership hash of N classes, as if their members had changed: those classes' members
 * are read from the fake (2 GETs each, 20 per $batch) and compared; still zero writes.
 */
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { sql } from "kysely";
import { openDatabase, type DatabaseHandle } from "../db/connection.ts";
import { migrateToLatest } from "../db/migrator.ts";
import { graphClient } from "../exporters/graph/client.ts";
import { desiredMembership, educationClassBody, propertiesHash } from "../exporters/graph/desired.ts";
import { writeGraphState, type StateWrite } from "../exporters/graph/export-state.ts";
import { runGraphExport } from "../exporters/graph/exporter.ts";
import { parseGraphSettings } from "../exporters/graph/settings.ts";
import { readGraphSnapshot } from "../exporters/graph/snapshot.ts";
import { seedDemo } from "../src/demo/seed.ts";
import { startFakeGraph } from "../test/fakes/graph/server.ts";

const { values } = parseArgs({
  options: {
    today: { type: "string", default: "2026-11-25" },
    changed: { type: "string", default: "100" },
    nights: { type: "string", default: "3" },
    night: { type: "boolean", default: false },
  },
});
const tenantId = process.env.BENCH_TENANT ?? "default";
const targetId = "graph-bench";
const TEST_URL = "postgres://postgres@127.0.0.1:5432/test";
const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

async function openBenchDatabase(): Promise<{ database: DatabaseHandle; dispose: () => Promise<void>; source: string; databaseUrl: string; databaseSchema?: string }> {
  if (process.env.BENCH_SCHEMA) {
    const schema = process.env.BENCH_SCHEMA;
    const database = await openDatabase({ databaseUrl: TEST_URL, schema, poolSize: 4 });
    return { database, dispose: () => database.close(), source: `test, schema ${schema} (demo --students 70000 --seed 1)`, databaseUrl: TEST_URL, databaseSchema: schema };
  }
  const url = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/oneroster_bench";
  try {
    const database = await openDatabase({ databaseUrl: url, poolSize: 4 });
    const classes = await database.db.selectFrom("classes").select((eb) => eb.fn.countAll<string>().as("n")).where("tenant_id", "=", tenantId).executeTakeFirst();
    if (Number(classes?.n ?? 0) > 0) {
      await migrateToLatest(database.db);
      return { database, dispose: () => database.close(), source: url.replace(/\/\/[^@]*@/, "//"), databaseUrl: url };
    }
    await database.close();
  } catch (error) {
    console.log(`(${url} unusable: ${(error as Error).message.split("\n")[0]}; loading the demo municipality)`);
  }
  const schema = `graph_bench_${process.pid}`;
  const database = await openDatabase({ databaseUrl: TEST_URL, schema, poolSize: 4 });
  await sql.raw(`create schema ${schema}`).execute(database.db);
  await migrateToLatest(database.db, schema);
  const started = Date.now();
  await seedDemo(database.db, { tenantId, students: 70_000, seed: 1 });
  await sql.raw("analyze").execute(database.db);
  console.log(`loaded the demo municipality (70 000 students) in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return {
    database,
    dispose: async () => {
      await sql.raw(`drop schema ${schema} cascade`).execute(database.db);
      await database.close();
    },
    source: `test, schema ${schema} (demo --students 70000 --seed 1)`,
    databaseUrl: TEST_URL,
    databaseSchema: schema,
  };
}

/** One night in this (child) process: prints {seconds, peakRssMB, planned} as JSON. */
async function childNight(): Promise<void> {
  const database = await openDatabase({ databaseUrl: process.env.NIGHT_DATABASE_URL!, ...(process.env.NIGHT_SCHEMA ? { schema: process.env.NIGHT_SCHEMA } : {}), poolSize: 4 });
  const settings = parseGraphSettings(JSON.parse(process.env.NIGHT_SETTINGS!));
  const client = graphClient(settings, process.env.NIGHT_SECRET!);
  const started = process.hrtime.bigint();
  const result = await runGraphExport(database.db, settings, { tenantId, targetId, dryRun: false }, { client, today: values.today });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await database.close();
  const hwm = Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync("/proc/self/status", "utf8"))?.[1] ?? 0) * 1024;
  console.log(JSON.stringify({ seconds, peakRssMB: mb(hwm), planned: result.plan.changes.length, reads: result.reads, ms: result.timings }));
}

if (values.night) {
  await childNight();
  process.exit(0);
}

const { database, dispose, source, databaseUrl, databaseSchema } = await openBenchDatabase();
const fake = await startFakeGraph();
const settings = parseGraphSettings({ directoryTenantId: fake.tenantId, clientId: fake.clientId, authorityUrl: fake.url, graphUrl: fake.url });
const db = database.db;
try {
  await db.deleteFrom("export_state").where("tenant_id", "=", tenantId).where("target_id", "=", targetId).execute();

  // Prime: the fake and export_state as a finished first run leaves them.
  const primeStarted = Date.now();
  const snapshot = await readGraphSnapshot(db, tenantId, settings, values.today);
  const userIds = new Map<string, string>();
  const writes: StateWrite[] = [];
  for (const [sourcedId, upn] of snapshot.userPrincipalNames) {
    const user = fake.state.addUser(upn);
    userIds.set(sourcedId, user.id);
    writes.push({ entity: "user", sourcedId, remoteId: user.id, appliedHash: upn, archived: false });
  }
  let exported = 0;
  let memberships = 0;
  for (const schoolClass of snapshot.classes) {
    if (schoolClass.ended) continue;
    const body = educationClassBody(schoolClass, settings.archiveSuffix);
    const membership = desiredMembership(schoolClass, userIds);
    const id = crypto.randomUUID();
    fake.state.classes.set(id, { ...body, id, members: new Set(membership.members), teachers: new Set(membership.teachers) });
    writes.push({ entity: "class", sourcedId: schoolClass.sourcedId, remoteId: id, appliedHash: propertiesHash(body), archived: false });
    writes.push({ entity: "class-members", sourcedId: schoolClass.sourcedId, remoteId: id, appliedHash: membership.hash, archived: false });
    if (membership.teachers.length > 0) {
      fake.state.teams.set(id, { id, isArchived: false });
      writes.push({ entity: "team", sourcedId: schoolClass.sourcedId, remoteId: id, appliedHash: "", archived: false });
    }
    exported += 1;
    memberships += schoolClass.teachers.length + schoolClass.students.length;
  }
  await writeGraphState(db, tenantId, targetId, writes);
  // As after any real night: autovacuum would analyze a table that just grew by 170 000 rows.
  await sql`analyze export_state`.execute(db);
  console.log(
    `primed in ${((Date.now() - primeStarted) / 1000).toFixed(1)} s: ${snapshot.classes.length} classes (${exported} active), ` +
      `${memberships} enrollments, ${snapshot.userPrincipalNames.size} users, ${writes.length} export_state rows`,
  );

  const script = fileURLToPath(import.meta.url);
  const night = async (label: string) => {
    const before = fake.requests.length;
    const writesAtStart = fake.writeCalls();
    const load = loadavg()[0]!;
    const output = await new Promise<string>((resolve, reject) =>
      execFile(
        process.execPath,
        ["--import", "tsx", script, "--night", "--today", values.today],
        {
          env: {
            ...process.env,
            NIGHT_DATABASE_URL: databaseUrl,
            NIGHT_SCHEMA: databaseSchema ?? "",
            NIGHT_SETTINGS: JSON.stringify(settings),
            NIGHT_SECRET: fake.clientSecret,
          },
          maxBuffer: 1 << 20,
        },
        (error, stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout)),
      ),
    );
    const child = JSON.parse(output.trim().split("\n").at(-1)!) as { seconds: number; peakRssMB: number; planned: number; reads: number; ms: Record<string, number> };
    const calls = fake.requests.slice(before);
    const line = {
      night: label,
      seconds: Number(child.seconds.toFixed(2)),
      peakRssMB: child.peakRssMB,
      loadAverageAtStart: Number(load.toFixed(1)),
      httpRequests: calls.length,
      reads: calls.filter((r) => r.method === "GET").length,
      writes: fake.writeCalls() - writesAtStart,
      planned: child.planned,
      stepsMs: child.ms,
    };
    console.log(JSON.stringify(line));
    return line;
  };
  const writesBefore = fake.writeCalls();
  const unchanged: Awaited<ReturnType<typeof night>>[] = [];
  for (let i = 1; i <= Number(values.nights); i += 1) unchanged.push(await night(`unchanged ${i}`));
  const changedCount = Number(values.changed);
  const changedIds = snapshot.classes.filter((c) => !c.ended).slice(0, changedCount).map((c) => c.sourcedId);
  await db.deleteFrom("export_state").where("tenant_id", "=", tenantId).where("target_id", "=", targetId).where("entity", "=", "class-members").where("sourced_id", "in", changedIds).execute();
  const changed = await night(`${changedCount} classes' membership hash forgotten`);
  console.log(
    JSON.stringify({
      machine: `${cpus().length} cores, ${mb(totalmem()) / 1024} GiB, Node ${process.version}`,
      database: source,
      unchangedMedianSeconds: [...unchanged.map((u) => u.seconds)].sort((a, b) => a - b)[Math.floor(unchanged.length / 2)],
      writesTotal: fake.writeCalls() - writesBefore,
      changed,
    }),
  );
} finally {
  await db.deleteFrom("export_state").where("tenant_id", "=", tenantId).where("target_id", "=", targetId).execute();
  await db.deleteFrom("export_runs").where("tenant_id", "=", tenantId).where("target_id", "=", targetId).execute();
  await fake.close();
  await dispose();
}
