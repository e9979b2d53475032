/**
 * Times the Google Classroom exporter's nightly run for a large tenant against the loopback fake holding the same
 * state: snapshot + export_state + remote reads + plan (+ an apply that has nothing to do), and counts the calls.
 *
 *   npx tsx bench/classroom-plan.ts [--today 2026-11-25] [--changed 100] [--nights 3]
 *
 * The database is BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/oneroster_bench), tenant
 * BENCH_TENANT ("default"); it is only read, except for export_state/export_runs rows of the target "classroom-bench",
 * which are removed again at the end.
 *
 * Each night runs in a child process of its own (the real runClassroomExport, with a client pointed at the fake in
 * this process), so its wall time and peak RSS (/proc VmHWM) are the exporter's alone, not the fake's.
 *
 * "Same state" is primed directly (fake state and export_state as a finished first run leaves them), not by a first
 * run through HTTP. --changed N then forgets the membership hash of N courses, as if their members had changed: those
 * courses' rosters are read from the fake (2 GETs each, 50 per batch) and compared; still zero writes.
 */
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { sql } from "kysely";
import { openDatabase } from "../db/connection.ts";
import { classroomClient } from "../exporters/google-classroom/client.ts";
import { courseAlias, courseProperties, desiredMembership, propertiesHash } from "../exporters/google-classroom/desired.ts";
import { writeClassroomState, type StateWrite } from "../exporters/google-classroom/export-state.ts";
import { runClassroomExport } from "../exporters/google-classroom/exporter.ts";
import { parseClassroomSettings } from "../exporters/google-classroom/settings.ts";
import { readClassroomSnapshot } from "../exporters/google-classroom/snapshot.ts";
import { startFakeGoogle } from "../test/fakes/google/server.ts";

const { values } = parseArgs({
  options: {
    today: { type: "string", default: "2026-11-25" },
    changed: { type: "string", default: "100" },
    nights: { type: "string", default: "3" },
    night: { type: "boolean", default: false },
  },
});
const tenantId = process.env.BENCH_TENANT ?? "default";
const targetId = "classroom-bench";
const databaseUrl = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/oneroster_bench";
const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

/** One night in this (child) process: prints {seconds, peakRssMB, planned, reads, ms} as JSON. */
async function childNight(): Promise<void> {
  const database = await openDatabase({ databaseUrl, poolSize: 4 });
  const settings = parseClassroomSettings(JSON.parse(process.env.NIGHT_SETTINGS!));
  const client = classroomClient(settings, JSON.parse(process.env.NIGHT_KEY!));
  const started = process.hrtime.bigint();
  const result = await runClassroomExport(database.db, settings, { tenantId, targetId, dryRun: false }, { client, today: values.today });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await database.close();
  const hwm = Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync("/proc/self/status", "utf8"))?.[1] ?? 0) * 1024;
  console.log(JSON.stringify({ seconds, peakRssMB: mb(hwm), planned: result.plan.changes.length, reads: result.reads, ms: result.timings }));
}

if (values.night) {
  await childNight();
  process.exit(0);
}

const database = await openDatabase({ databaseUrl, poolSize: 4 });
const db = database.db;
const fake = await startFakeGoogle();
const settings = parseClassroomSettings({ adminSubject: fake.adminSubject, rootUrl: fake.url, tokenUrl: fake.tokenUrl });
try {
  await db.deleteFrom("export_state").where("tenant_id", "=", tenantId).where("target_id", "=", targetId).execute();

  // Prime: the fake and export_state as a finished first run leaves them.
  const primeStarted = Date.now();
  const snapshot = await readClassroomSnapshot(db, tenantId, settings, values.today);
  const userIds = new Map<string, string>();
  const writes: StateWrite[] = [];
  for (const [sourcedId, email] of snapshot.emails) {
    const user = fake.state.addUser(email);
    userIds.set(sourcedId, user.id);
    writes.push({ entity: "user", sourcedId, remoteId: user.id, appliedHash: email, archived: false });
  }
  let exported = 0;
  let memberships = 0;
  let ownerless = 0;
  for (const schoolClass of snapshot.classes) {
    if (schoolClass.ended) continue;
    const membership = desiredMembership(schoolClass, userIds);
    if (membership.owner === null) {
      ownerless += 1;
      continue;
    }
    const properties = courseProperties(schoolClass, membership);
    const id = fake.state.newId();
    fake.state.courses.set(id, {
      id,
      name: properties.name,
      section: properties.section,
      description: properties.description,
      ownerId: membership.owner,
      courseState: "ACTIVE",
      creationTime: "",
      updateTime: "",
      aliases: new Set([courseAlias(schoolClass.sourcedId, settings.aliasPrefix)]),
      teachers: new Set(membership.teachers),
      students: new Set(membership.students),
    });
    writes.push({ entity: "course", sourcedId: schoolClass.sourcedId, remoteId: id, appliedHash: propertiesHash(properties), archived: false });
    writes.push({ entity: "course-members", sourcedId: schoolClass.sourcedId, remoteId: id, appliedHash: membership.hash, archived: false });
    exported += 1;
    memberships += membership.teachers.length + membership.students.length;
  }
  await writeClassroomState(db, tenantId, targetId, writes);
  await sql`analyze export_state`.execute(db);
  console.log(
    `primed in ${((Date.now() - primeStarted) / 1000).toFixed(1)} s: ${snapshot.classes.length} classes (${exported} courses, ${ownerless} without a teacher ` +
      `with an e-mail), ${memberships} memberships, ${snapshot.emails.size} users, ${writes.length} export_state rows`,
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
        { env: { ...process.env, NIGHT_SETTINGS: JSON.stringify(settings), NIGHT_KEY: JSON.stringify(fake.serviceAccountKey) }, maxBuffer: 1 << 20 },
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
      httpCalls: calls.length,
      reads: calls.filter((r) => r.method === "GET").length,
      batchEnvelopes: calls.filter((r) => r.path === "/batch/classroom/v1").length,
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
  const changedIds = [...fake.state.courses.values()].slice(0, changedCount).map((course) => [...course.aliases][0]!.slice(settings.aliasPrefix.length));
  await db.deleteFrom("export_state").where("tenant_id", "=", tenantId).where("target_id", "=", targetId).where("entity", "=", "course-members").where("sourced_id", "in", changedIds).execute();
  const changed = await night(`${changedCount} courses' membership hash forgotten`);
  console.log(
    JSON.stringify({
      machine: `${cpus().length} cores, ${mb(totalmem()) / 1024} GiB, Node ${process.version}`,
      database: databaseUrl.replace(/\/\/[^@]*@/, "//"),
      unchangedMedianSeconds: [...unchanged.map((u) => u.seconds)].sort((a, b) => a - b)[Math.floor(unchanged.length / 2)],
      writesTotal: fake.writeCalls() - writesBefore,
      changed,
    }),
  );
} finally {
  await db.deleteFrom("export_state").where("tenant_id", "=", tenantId).where("target_id", "=", targetId).execute();
  await db.deleteFrom("export_runs").where("tenant_id", "=", tenantId).where("target_id", "=", targetId).execute();
  await fake.close();
  await database.close();
}
