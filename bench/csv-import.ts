/**
 * OneRoster CSV import benchmark: the CLI (`oneroster import oneroster-csv <zip> --tenant imported`) as a child
 * process into a fresh, empty PostgreSQL database, then the same zip again (nothing changes), then an export of the
 * imported tenant compared file by file with the zip. Wall time from spawn to exit, peak RSS from /proc VmHWM.
 *
 *   npx tsx bench/csv-import.ts --zip municipality.zip [--database oneroster_import_bench]
 *
 * The zip is a bulk export, e.g. `oneroster export oneroster-csv --tenant default --out municipality.zip` of the
 * 70 000-student demo municipality. The database is dropped and created again on every run.
 */
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { openDatabase } from "../db/connection.ts";
import { migrateToLatest } from "../db/migrator.ts";
import { readZip } from "../test/csv/zip-contents.ts";
import { highWaterKB } from "./child-rss.ts";

const { values } = parseArgs({
  options: {
    zip: { type: "string" },
    database: { type: "string", default: "oneroster_import_bench" },
    host: { type: "string", default: "127.0.0.1" },
  },
});
if (!values.zip) throw new Error("--zip <bulk export zip> is required");
const zipPath = values.zip;
const server = `postgres://postgres@${values.host}:5432`;
const url = `${server}/${values.database}`;
const cli = fileURLToPath(new URL("../bin/oneroster.js", import.meta.url));
const work = mkdtempSync(join(tmpdir(), "csv-import-bench-"));
const TENANT = "imported";

interface Run {
  seconds: number;
  peakRssMB: number;
  stdout: string;
  /** Seconds from the CLI's first log line to the zip being checked, and from there to the sync's end. */
  checkSeconds: number;
  syncSeconds: number;
}


function runCli(args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, [cli, ...args], { env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: "info" }, stdio: ["ignore", "pipe", "pipe"] });
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
      if (code !== 0) return reject(new Error(`${args.join(" ")} exited with ${code}: ${stderr.slice(-3000)}`));
      const logs = (stdout + "\n" + stderr)
        .split("\n")
        .filter((line) => line.startsWith("{"))
        .map((line) => JSON.parse(line) as { time: number; msg: string });
      const at = (msg: string) => logs.find((l) => l.msg === msg)?.time ?? Number.NaN;
      const first = logs[0]?.time ?? Number.NaN;
      resolve({
        seconds,
        peakRssMB: Math.round(peakKB / 1024),
        stdout: stdout.split("\n").filter((line) => !line.startsWith("{")).join("\n"),
        checkSeconds: (at("OneRoster CSV zip checked") - first) / 1000,
        syncSeconds: (at("sync finished") - at("OneRoster CSV zip checked")) / 1000,
      });
    });
  });
}

async function freshDatabase(): Promise<string> {
  execFileSync("psql", [`${server}/postgres`, "-qc", `drop database if exists ${values.database}`]);
  execFileSync("psql", [`${server}/postgres`, "-qc", `create database ${values.database}`]);
  const database = await openDatabase({ databaseUrl: url });
  try {
    await migrateToLatest(database.db);
    const { rows } = await (await import("kysely")).sql<{ v: string }>`select version() as v`.execute(database.db);
    return rows[0]!.v.split(" on ")[0]!;
  } finally {
    await database.close();
  }
}

const ROSTER = ["orgs.csv", "academicSessions.csv", "courses.csv", "classes.csv", "users.csv", "demographics.csv", "enrollments.csv"];

async function main(): Promise<void> {
  const version = await freshDatabase();
  const input = await readZip(readFileSync(zipPath));
  const rows = ROSTER.reduce((sum, f) => sum + input.get(f)!.split("\r\n").length - 2, 0);
  console.log(`zip ${zipPath}: ${(statSync(zipPath).size / 2 ** 20).toFixed(1)} MB, ${rows} roster rows (enrollments ${input.get("enrollments.csv")!.split("\r\n").length - 2}); ${version}`);

  const first = await runCli(["import", "oneroster-csv", zipPath, "--tenant", TENANT]);
  console.log(first.stdout);
  const again = await runCli(["import", "oneroster-csv", zipPath, "--tenant", TENANT]);
  console.log(again.stdout);

  const out = join(work, "export.zip");
  await runCli(["export", "oneroster-csv", "--tenant", TENANT, "--out", out]);
  const output = await readZip(readFileSync(out));
  const differing = ROSTER.filter((f) => output.get(f) !== input.get(f));

  console.log("\n| run | wall (s) | check (s) | sync (s) | peak RSS (MB) |\n|---|---:|---:|---:|---:|");
  for (const [name, run] of [["into an empty tenant", first], ["the same zip again (unchanged)", again]] as const) {
    console.log(`| ${name} | ${run.seconds.toFixed(1)} | ${run.checkSeconds.toFixed(1)} | ${run.syncSeconds.toFixed(1)} | ${run.peakRssMB} |`);
  }
  console.log(`\nround trip (export of the imported tenant against the zip): ${differing.length === 0 ? "all 7 roster files byte-identical" : `differ: ${differing.join(", ")}`}`);
  rmSync(work, { recursive: true, force: true });
}

await main();
