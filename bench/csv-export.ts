/**
 * Times the bulk OneRoster CSV export of a large tenant through the real CLI, in a child process whose peak RSS is
 * sampled from /proc, beside the floor: psql's \copy of the same rows (each file's own query) to CSV files.
 *
 *   npx tsx bench/csv-export.ts [--runs 3] [--write]
 *
 * The database is BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/oneroster_bench), tenant
 * BENCH_TENANT (default "default"), loaded beforehand, e.g. with `demo --students 70000`; it is only read.
 * --write puts the results into the "OneRoster CSV export" section of BENCHMARKS.md, leaving the rest of the file as it is.
 */
import { execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { cpus, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { sql } from "kysely";
import { openDatabase } from "../db/connection.ts";
import { CSV_FILES } from "../src/csv/files.ts";
import { highWaterKB } from "./child-rss.ts";

const { values } = parseArgs({ options: { runs: { type: "string", default: "3" }, write: { type: "boolean", default: false } } });
const url = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/oneroster_bench";
const tenant = process.env.BENCH_TENANT ?? "default";
const runs = Number(values.runs);
const cli = fileURLToPath(new URL("../bin/oneroster.js", import.meta.url));
const work = mkdtempSync(join(tmpdir(), "oneroster-csv-bench-"));

interface ExportRun {
  seconds: number;
  peakRssMB: number;
  zipMB: number;
  rows: number;
  /** Seconds per file, from the export's own debug logs. */
  files: Record<string, number>;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const round = (x: number, digits = 1) => Number(x.toFixed(digits));


/** One export by the CLI, as an operator would run it. */
function runExport(nodeOptions = ""): Promise<ExportRun> {
  return runCli(tenant, nodeOptions);
}

/**
 * The CLI's own peak RSS before any export work: it starts, opens and checks the database, and stops at an unknown
 * tenant.
 */
async function baselineRssMB(): Promise<number> {
  return (await runCli("no-such-tenant", "").catch((error: { peakRssMB?: number }) => error)).peakRssMB ?? 0;
}

function runCli(exportTenant: string, nodeOptions: string): Promise<ExportRun> {
  const out = join(work, "export.zip");
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, [cli, "export", "oneroster-csv", "--tenant", exportTenant, "--out", out], {
      env: {
        ...process.env,
        DATABASE_URL: url,
        ONEROSTER_SECRET_KEY: randomBytes(32).toString("base64"),
        LOG_LEVEL: "debug",
        NODE_OPTIONS: nodeOptions,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let peakKB = 0;
    const sampler = setInterval(() => (peakKB = Math.max(peakKB, highWaterKB(child.pid!))), 25);
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("exit", (code) => {
      clearInterval(sampler);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      if (code !== 0) return reject(Object.assign(new Error(`export exited with ${code}: ${stderr.slice(-2000)}`), { peakRssMB: Math.round(peakKB / 1024) }));
      const logs = stderr
        .split("\n")
        .filter((line) => line.startsWith("{"))
        .map((line) => JSON.parse(line) as { time: number; msg: string; file?: string });
      let previous = logs.find((l) => l.msg === "OneRoster CSV export started")!.time;
      const files: Record<string, number> = {};
      for (const log of logs.filter((l) => l.msg === "OneRoster CSV file written")) {
        files[log.file!] = (log.time - previous) / 1000;
        previous = log.time;
      }
      resolve({
        seconds,
        peakRssMB: Math.round(peakKB / 1024),
        zipMB: round(statSync(out).size / 2 ** 20),
        rows: Number(/: (\d+) rows/.exec(stdout)?.[1]),
        files,
      });
    });
  });
}

/** psql writing the given query's rows as CSV: what the database alone takes. */
function copySeconds(query: string, name: string): number {
  const started = process.hrtime.bigint();
  execFileSync("psql", [url, "-X", "-q", "-c", "set jit = off", "-c", `\\copy (${query}) to '${join(work, `${name}.csv`)}' csv`], {
    stdio: ["ignore", "ignore", "inherit"],
  });
  return Number(process.hrtime.bigint() - started) / 1e9;
}

/** Each file's own query, as the export runs it, with its parameters written in. */
async function fileQueries(): Promise<Array<{ name: string; query: string }>> {
  const { db, close } = await openDatabase({ databaseUrl: url });
  try {
    return CSV_FILES.map((file) => {
      const compiled = file.rows(db, { tenantId: tenant }).compile();
      const query = compiled.sql.replace(/\$(\d+)/g, (_, i: string) => `'${String(compiled.parameters[Number(i) - 1]).replaceAll("'", "''")}'`);
      return { name: file.name, query: query.replace(/\s+/g, " ") };
    });
  } finally {
    await close();
  }
}

async function serverVersion(): Promise<string> {
  const { db, close } = await openDatabase({ databaseUrl: url });
  try {
    return (await sql<{ v: string }>`select version() as v`.execute(db)).rows[0]!.v.split(" on ")[0]!;
  } finally {
    await close();
  }
}

const queries = await fileQueries();
const exports: ExportRun[] = [];
const floors: Array<Record<string, number>> = [];
const enrollmentFloors: number[] = [];
const simpleEnrollmentQuery = `select sourced_id, status, date_last_modified, class_sourced_id, school_sourced_id, user_sourced_id, role, "primary", begin_date, end_date from enrollments where tenant_id = '${tenant}'`;
for (let run = 1; run <= runs; run++) {
  process.stderr.write(`run ${run}/${runs}: export …\n`);
  exports.push(await runExport());
  process.stderr.write(`run ${run}/${runs}: floor …\n`);
  floors.push(Object.fromEntries(queries.map(({ name, query }) => [name, copySeconds(query, name)])));
  enrollmentFloors.push(copySeconds(simpleEnrollmentQuery, "enrollments-plain"));
}
process.stderr.write("one more export with a 128 MB V8 heap, and the CLI alone …\n");
const capped = await runExport("--max-old-space-size=128");
const baseline = await baselineRssMB();
rmSync(work, { recursive: true, force: true });

const sum = (record: Record<string, number>) => Object.values(record).reduce((a, b) => a + b, 0);
const exportSeconds = median(exports.map((e) => e.seconds));
const floorSeconds = median(floors.map(sum));
const peakRss = Math.max(...exports.map((e) => e.peakRssMB));
const enrollmentExport = median(exports.map((e) => e.files.enrollments ?? 0));
const enrollmentFloor = median(floors.map((f) => f.enrollments ?? 0));
const plainEnrollmentFloor = median(enrollmentFloors);
const ratio = exportSeconds / floorSeconds;
const times = (a: number, b: number) => `${round(a / b, 2)}×`;
const lscpu = execFileSync("lscpu", { encoding: "utf8" });
const model = /Model name:\s+(.+)/.exec(lscpu)?.[1]?.trim() ?? cpus()[0]?.model;
const verdict = (met: boolean, text: string) => `**${met ? "met" : "missed"}**: ${text}`;

const lines = [
  `### OneRoster CSV export, bulk, ${exports[0]!.rows} rows — ${new Date().toISOString().slice(0, 10)}`,
  "",
  `Machine: ${model}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB RAM, Node ${process.version}, ${await serverVersion()} on the same machine. ` +
    `Command: \`npx tsx bench/csv-export.ts --runs ${runs}\`: the CLI (\`oneroster export oneroster-csv --tenant ${tenant} --out …\`) as a child process, ` +
    "wall time from spawn to exit (Node and tsx start-up included), peak RSS from its /proc VmHWM; the floor is psql `\\copy` of each file's own query " +
    `(same rows, same order, same junction lists) to CSV files, in the same run. Medians of ${runs} runs.`,
  "",
  "| | export (s) | floor (s) | export / floor |",
  "|---|---:|---:|---:|",
  `| all 13 files, ${exports[0]!.rows} rows (zip ${exports[0]!.zipMB} MB) | ${round(exportSeconds)} | ${round(floorSeconds)} | ${times(exportSeconds, floorSeconds)} |`,
  `| enrollments.csv within the export, against its own query | ${round(enrollmentExport)} | ${round(enrollmentFloor)} | ${times(enrollmentExport, enrollmentFloor)} |`,
  `| enrollments.csv, against \\copy (select … from enrollments where tenant_id='${tenant}'), unordered | ${round(enrollmentExport)} | ${round(plainEnrollmentFloor)} | ${times(enrollmentExport, plainEnrollmentFloor)} |`,
  "",
  `Peak RSS of the export: ${peakRss} MB (highest of the runs); ${capped.peakRssMB} MB in ${round(capped.seconds)} s with NODE_OPTIONS=--max-old-space-size=128; ` +
    `the CLI alone, started and stopped at an unknown tenant, peaks at ${baseline} MB.`,
  "",
  `Per file within the export (s): ${Object.entries(exports[0]!.files).map(([name, s]) => `${name} ${round(s, 2)}`).join(", ")}.`,
  "",
  "Against the targets (≤ 3× the floor, peak RSS ≤ 300 MB):",
  `- time, the whole export against the floor of all its rows: ${verdict(ratio <= 3, `${times(exportSeconds, floorSeconds)} (${round(exportSeconds)} s against ${round(floorSeconds)} s; 3× is ${round(3 * floorSeconds)} s, ${ratio <= 3 ? `${round(3 * floorSeconds - exportSeconds)} s to spare` : `${round(exportSeconds - 3 * floorSeconds)} s over`}).`)}`,
  `- time, enrollments.csv alone against the plain select of its rows: ${verdict(enrollmentExport <= 3 * plainEnrollmentFloor, `${times(enrollmentExport, plainEnrollmentFloor)} (${times(enrollmentExport, enrollmentFloor)} against its own query, which sorts by sourcedId).`)}`,
  `- peak RSS: ${verdict(peakRss <= 300, `${peakRss} MB with Node's default heap${peakRss <= 300 ? `, ${300 - peakRss} MB to spare` : `, ${peakRss - 300} MB over`}, of which ${baseline} MB is the CLI before it reads a row.`)}`,
  "",
  "Where the time goes: PostgreSQL writes enrollments.csv itself (COPY … TO STDOUT (FORMAT csv), started when the export " +
    "starts on a second connection in the same snapshot, so its sort runs while the files before it are written); deflate " +
    "(level 1, one thread of libuv's pool, ~2 s for its 170 MB) is what bounds it now. The other files are formatted by Node " +
    "from a cursor's rows; users.csv waits on Postgres (a subquery per user for its orgs, agents and userIds).",
  "",
];
const section = lines.join("\n");
process.stdout.write(`${section}\n`);

if (values.write) {
  // Re-read right before writing: others edit their own sections of the same file.
  const file = new URL("../BENCHMARKS.md", import.meta.url);
  writeFileSync(file, withSection(readFileSync(file, "utf8"), section));
}

/** The text with this benchmark's section replaced (up to the next heading), or appended when it has none yet. */
function withSection(text: string, section: string): string {
  const start = text.search(/^### OneRoster CSV export\b/m);
  if (start < 0) return `${text.trimEnd()}\n\n${section}`;
  const bodyStart = text.indexOf("\n", start) + 1;
  const next = text.slice(bodyStart).search(/^#{1,3} /m);
  return next < 0 ? `${text.slice(0, start)}${section}` : `${text.slice(0, start)}${section}\n${text.slice(bodyStart + next)}`;
}
