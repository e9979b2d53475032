/**
 * Times a full SS 12000 import of a large municipality from the loopback fake (in its own process) into PostgreSQL
 * through the real CLI, then an unchanged re-import, sampling the CLI's peak RSS from /proc.
 *
 *   npx tsx bench/ss12000-import.ts [--students 70000] [--heap-mb N]
 *
 * --heap-mb caps the importing process's V8 old space (--max-old-space-size): without it V8 lets a process on a large
 * machine grow far past what it holds live before it collects.
 *
 * The target database is BENCH_IMPORT_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/oneroster_ss12000_bench);
 * it is dropped and made anew. Targets: full ≤ 60 s, unchanged ≤ 20 s, peak RSS ≤ 500 MB.
 */
import { execFileSync, spawn } from "node:child_process";
import { cpus, totalmem } from "node:os";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { highWaterKB } from "./child-rss.ts";

const { values } = parseArgs({ options: { students: { type: "string", default: "70000" }, "heap-mb": { type: "string" } } });
const heapOptions = values["heap-mb"] ? `--max-old-space-size=${Number(values["heap-mb"])}` : "";
const url = process.env.BENCH_IMPORT_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/oneroster_ss12000_bench";
const database = new URL(url).pathname.slice(1);
const cli = fileURLToPath(new URL("../bin/oneroster.js", import.meta.url));
const fakeScript = fileURLToPath(new URL("./ss12000-fake-server.ts", import.meta.url));


async function startFake(): Promise<{ url: string; token: string; stop: () => void }> {
  const child = spawn(process.execPath, ["--import", "tsx", "--max-old-space-size=8192", fakeScript, "--students", values.students!], { stdio: ["ignore", "pipe", "inherit"] });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once("line", resolve);
    child.once("exit", (code) => reject(new Error(`the fake exited with ${code}`)));
  });
  const { url: fakeUrl, token } = JSON.parse(line) as { url: string; token: string };
  return { url: fakeUrl, token, stop: () => child.kill("SIGTERM") };
}

function importOnce(fakeUrl: string, token: string): Promise<{ seconds: number; peakRssMB: number; output: string }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [cli, "import", "ss12000", "--tenant", "bench", "--url", fakeUrl, "--token-env", "BENCH_TOKEN", "--as-of", "2026-09-01", "--force"], {
      env: { ...process.env, DATABASE_URL: url, BENCH_TOKEN: token, LOG_LEVEL: "warn", NODE_OPTIONS: heapOptions },
      stdio: ["ignore", "pipe", "inherit"],
    });
    let output = "";
    let peak = 0;
    child.stdout!.on("data", (chunk) => (output += chunk));
    const sampler = setInterval(() => (peak = Math.max(peak, highWaterKB(child.pid!))), 100);
    child.once("exit", (code) => {
      clearInterval(sampler);
      if (code !== 0) return reject(new Error(`import exited with ${code}: ${output}`));
      resolve({ seconds: (performance.now() - started) / 1000, peakRssMB: Math.round(peak / 1024), output });
    });
  });
}

execFileSync("dropdb", ["-h", "127.0.0.1", "-U", "postgres", "--if-exists", database]);
execFileSync("createdb", ["-h", "127.0.0.1", "-U", "postgres", database]);
const fake = await startFake();
try {
  console.log(`machine: ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB; ${values.students} students; ${heapOptions || "default heap"}; ${new Date().toISOString()}`);
  const full = await importOnce(fake.url, fake.token);
  console.log(`full import: ${full.seconds.toFixed(1)} s, peak RSS ${full.peakRssMB} MB (target ≤ 60 s, ≤ 500 MB)\n${full.output}`);
  const again = await importOnce(fake.url, fake.token);
  console.log(`unchanged re-import: ${again.seconds.toFixed(1)} s, peak RSS ${again.peakRssMB} MB (target ≤ 20 s, ≤ 500 MB)\n${again.output}`);
} finally {
  fake.stop();
}
