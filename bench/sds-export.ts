/**
 * Times the SDS v2.1 export of a large tenant through the real CLI, in a child process whose peak RSS is sampled from
 * /proc (the kernel's high-water mark), as an operator would run it:
 *
 *   npx tsx bench/sds-export.ts [--runs 3] [--format v2.1|v1]
 *
 * The database is BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/oneroster_bench), tenant
 * BENCH_TENANT (default "default"), loaded beforehand with `demo --students 70000`; it is only read (a run record is
 * written). The demo's students and staff have usernames without a domain, so the run gives --upn-suffix.
 * Target: ≤ 30 s wall time, ≤ 300 MB peak RSS.
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { cpus, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { highWaterKB } from "./child-rss.ts";

export interface CliRun {
  seconds: number;
  peakRssMB: number;
  zipMB: number;
  rows: number;
  stdout: string;
}

const cli = fileURLToPath(new URL("../bin/oneroster.js", import.meta.url));
export const benchUrl = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/oneroster_bench";
export const benchTenant = process.env.BENCH_TENANT ?? "default";


/** One `oneroster export …` writing `out`, timed from spawn to exit (Node and tsx start-up included). */
export function runExportCli(args: string[], out: string): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, [cli, "export", ...args, "--tenant", benchTenant, "--out", out], {
      env: { ...process.env, DATABASE_URL: benchUrl, ONEROSTER_SECRET_KEY: randomBytes(32).toString("base64"), LOG_LEVEL: "warn" },
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
      if (code !== 0) return reject(new Error(`export exited with ${code}: ${stderr.slice(-2000)}`));
      resolve({ seconds, peakRssMB: Math.round(peakKB / 1024), zipMB: Number((statSync(out).size / 2 ** 20).toFixed(1)), rows: Number(/: (\d+) rows in/.exec(stdout)?.[1]), stdout });
    });
  });
}

/** Runs the export `runs` times and prints a BENCHMARKS.md section. */
export async function benchmark(title: string, args: string[], zipName: string, runs: number): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), "file-export-bench-"));
  const results: CliRun[] = [];
  try {
    for (let run = 1; run <= runs; run++) {
      process.stderr.write(`${title}: run ${run}/${runs} …\n`);
      results.push(await runExportCli(args, join(work, zipName)));
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const seconds = median(results.map((r) => r.seconds));
  const peak = Math.max(...results.map((r) => r.peakRssMB));
  const verdict = (met: boolean, text: string) => `**${met ? "met" : "missed"}**: ${text}`;
  const perFile = results[0]!.stdout.split("\n").filter((l) => /^ {2}\S+\.csv: /.test(l)).map((l) => l.trim()).join(", ");
  const lines = [
    `### ${title} — ${new Date().toISOString().slice(0, 10)}`,
    "",
    `Machine: ${cpus()[0]?.model}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB RAM, Node ${process.version}, PostgreSQL on the same machine. ` +
      `Command: \`oneroster export ${args.join(" ")} --tenant ${benchTenant} --out …/${zipName}\` as a child process, wall time from spawn to exit ` +
      `(start-up included), peak RSS from /proc VmHWM. Median of ${runs} runs; ${results.map((r) => `${r.seconds.toFixed(1)} s`).join(", ")}.`,
    "",
    `| rows written | zip | wall time | peak RSS |`,
    `|---:|---:|---:|---:|`,
    `| ${results[0]!.rows} | ${results[0]!.zipMB} MB | ${seconds.toFixed(1)} s | ${peak} MB |`,
    "",
    `Rows per file: ${perFile}.`,
    "",
    `- time ≤ 30 s: ${verdict(seconds <= 30, `${seconds.toFixed(1)} s${seconds <= 30 ? `, ${(30 - seconds).toFixed(1)} s to spare` : `, ${(seconds - 30).toFixed(1)} s over`}.`)}`,
    `- peak RSS ≤ 300 MB: ${verdict(peak <= 300, `${peak} MB${peak <= 300 ? `, ${300 - peak} MB to spare` : `, ${peak - 300} MB over`}.`)}`,
    "",
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({ options: { runs: { type: "string", default: "3" }, format: { type: "string", default: "v2.1" } } });
  await benchmark(`SDS ${values.format} CSV export (zip)`, ["sds", "--format", values.format!, "--upn-suffix", "exempelby.se"], "sds.zip", Number(values.runs));
}
