/**
 * The REST API benchmark: the real server (`oneroster serve`, auth and all) against a bare Express route that answers
 * the same 100-user page from memory, on the same machine in the same run.
 *
 *   npx tsx bench/rest-api.ts [--duration 20] [--connections 10] [--print-only] [--note "…"]
 *
 * DATABASE_URL (default postgres://postgres@127.0.0.1:5432/oneroster_bench) must hold a loaded municipality in the
 * tenant "default". The server runs as a child process twice: "cold" with RESPONSE_CACHE_MB=0 (every request reads
 * the database for its page) and "warm" with the response cache on and a fixed set of pages fetched once beforehand.
 * Before the cold server stops, all users are read from it in limit=10000 pages while its RSS is sampled every 50 ms.
 * Results are printed and written to the "REST API" section of BENCHMARKS.md (unless --print-only).
 */
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs, promisify } from "node:util";
import autocannon from "autocannon";
import pg from "pg";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const BASE = "/ims/oneroster/v1p1";
const TARGET_SHARE = 0.5;
const TARGET_P99_MS = 50;
const WARM_PAGES = 200;
const WARM_CLASSES = 500;

const { values } = parseArgs({
  options: {
    duration: { type: "string", default: "20" },
    warmup: { type: "string", default: "3" },
    connections: { type: "string", default: "10" },
    "print-only": { type: "boolean", default: false },
    /** A line added to the section, e.g. what the measured server differs in from the commit. */
    note: { type: "string" },
  },
});
const duration = Number(values.duration);
const connections = Number(values.connections);
const databaseUrl = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/oneroster_bench";
const secretKey = randomBytes(32).toString("base64");
const serverEnv = { ...process.env, DATABASE_URL: databaseUrl, ONEROSTER_SECRET_KEY: secretKey, LOG_LEVEL: "warn", RATE_LIMIT_PER_MINUTE: "0" };

interface Row {
  scenario: string;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
}

const children = new Set<ChildProcess>();

/** A tsx child; resolves with it and the first URL it prints on stdout. */
function startChild(args: string[], env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", ...args], { cwd: ROOT, env, stdio: ["ignore", "pipe", "inherit"] });
  children.add(child);
  child.once("exit", () => children.delete(child));
  return new Promise((resolve, reject) => {
    let seen = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      seen += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(seen);
      if (match) resolve({ child, url: match[1]! });
    });
    child.once("exit", (code) => reject(new Error(`${args.join(" ")} exited (${code}) before printing its URL:\n${seen}`)));
  });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await exited;
}

async function cli(...args: string[]): Promise<string> {
  const { stdout } = await promisify(execFile)(process.execPath, ["--import", "tsx", "src/cli/main.ts", ...args], { cwd: ROOT, env: serverEnv });
  return stdout.trim();
}

async function accessToken(url: string, clientId: string, clientSecret: string): Promise<string> {
  const response = await fetch(`${url}/token`, {
    method: "POST",
    headers: { authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString("base64")}`, "content-type": "application/x-www-form-urlencoded" },
    body: "grant_type=client_credentials",
  });
  if (!response.ok) throw new Error(`POST /token: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { access_token: string }).access_token;
}

async function get(url: string, token: string): Promise<{ text: string; total: number }> {
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  if (!response.ok) throw new Error(`GET ${url}: ${response.status} ${(await response.text()).slice(0, 300)}`);
  return { text: await response.text(), total: Number(response.headers.get("x-total-count")) };
}

const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)]!;

/** autocannon over random paths: a short warm-up, then the measured run. */
async function load(scenario: string, origin: string, paths: () => string, token?: string): Promise<Row> {
  const run = (seconds: number) =>
    autocannon({
      url: origin,
      connections,
      duration: seconds,
      headers: token ? { authorization: `Bearer ${token}` } : {},
      requests: [{ method: "GET", setupRequest: (request) => ({ ...request, path: paths() }) }],
    });
  await run(Number(values.warmup));
  const result = await run(duration);
  const row = { scenario, requestsPerSecond: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors: result.errors + result.non2xx };
  process.stderr.write(`  ${scenario}: ${row.requestsPerSecond} req/s, p50 ${row.p50} ms, p99 ${row.p99} ms, errors ${row.errors}\n`);
  return row;
}

function rssMB(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return match ? Number(match[1]) / 1024 : Number.NaN;
}

/** Every user in limit=10000 pages from the server while its RSS is sampled. */
async function largePages(url: string, pid: number, token: string, total: number) {
  const samples: number[] = [rssMB(pid)];
  const sampler = setInterval(() => samples.push(rssMB(pid)), 50);
  const times: number[] = [];
  /** The highest RSS seen during each page: flat memory means no trend from the first page to the last. */
  const perPage: number[] = [];
  let records = 0;
  try {
    for (let offset = 0; offset < total; offset += 10_000) {
      const started = performance.now();
      const from = samples.length;
      const { text } = await get(`${url}${BASE}/users?limit=10000&offset=${offset}`, token);
      times.push(performance.now() - started);
      perPage.push(Math.max(rssMB(pid), ...samples.slice(from)));
      records += (JSON.parse(text) as { users: unknown[] }).users.length;
    }
  } finally {
    clearInterval(sampler);
  }
  if (records !== total) throw new Error(`read ${records} users in large pages, expected ${total}`);
  const mean = times.reduce((a, b) => a + b, 0) / times.length;
  return {
    users: total,
    pages: times.length,
    before: samples[0]!,
    minRss: Math.min(...samples),
    maxRss: Math.max(...samples),
    firstPageRss: perPage[0]!,
    lastPageRss: perPage.at(-1)!,
    meanMs: mean,
    maxMs: Math.max(...times),
  };
}

/** The commit measured, and whether the working tree differs from it (read-only git commands). */
async function revision(): Promise<string> {
  const git = (...args: string[]) => promisify(execFile)("git", args, { cwd: ROOT }).then((r) => r.stdout.trim(), () => "");
  const commit = await git("rev-parse", "--short", "HEAD");
  if (!commit) return "unknown revision";
  return (await git("status", "--porcelain", "--untracked-files=no")) ? `${commit} with uncommitted changes` : commit;
}

async function machine(): Promise<string> {
  const lscpu = await promisify(execFile)("lscpu").then((r) => r.stdout, () => "");
  const model = /Model name:\s+(.+)/.exec(lscpu)?.[1]?.trim() ?? cpus()[0]?.model.trim() ?? "unknown CPU";
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const version = (await client.query<{ v: string }>("select version() as v")).rows[0]!.v.split(" on ")[0];
  await client.end();
  return `${cpus().length} × ${model}, ${Math.round(totalmem() / 2 ** 30)} GiB RAM, Node ${process.version}, ${version}`;
}

async function classIds(): Promise<string[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string }>("select sourced_id as id from classes where tenant_id = 'default' and status = 'active'");
    return rows.map((r) => r.id);
  } finally {
    await client.end();
  }
}

const isBare = (row: Row) => row.scenario.startsWith("bare");

function verdict(row: Row, bare: number): string {
  const share = row.requestsPerSecond / bare;
  const misses: string[] = [];
  if (share < TARGET_SHARE) misses.push(`req/s ${Math.round((TARGET_SHARE - share) * 100)} points short`);
  if (row.p99 > TARGET_P99_MS) misses.push(`p99 ${row.p99 - TARGET_P99_MS} ms over`);
  if (row.errors > 0) misses.push(`${row.errors} errors`);
  return misses.length === 0 ? "met" : `missed: ${misses.join(", ")}`;
}

const mb = (value: number) => Math.round(value);

function report(rows: Row[], pages: Awaited<ReturnType<typeof largePages>>, about: string, measured: string): string {
  // The bare route runs twice (this machine's speed drifts); shares are of the faster run, the harder yardstick.
  const bare = Math.max(...rows.filter(isBare).map((r) => r.requestsPerSecond));
  const lines = [
    `### REST API — ${new Date().toISOString().slice(0, 10)}`,
    "",
    `Machine: ${about}. Command: \`npx tsx bench/rest-api.ts\` (autocannon, ${connections} connections, ${duration} s per row after a ` +
      `${values.warmup} s warm-up, load generator on the same machine). Server: ${measured}. Data: the demo municipality in PostgreSQL ` +
      `(tenant default, ${pages.users} users).`,
    ...(values.note ? [values.note] : []),
    `Target: ≥ ${TARGET_SHARE * 100} % of the bare route's req/s (the faster of its two runs) and p99 ≤ ${TARGET_P99_MS} ms. Cold = RESPONSE_CACHE_MB=0: no stored answers, every`,
    "request reads its page from the database (counts, deep-page anchors and parent checks are still remembered until the tenant's data",
    `changes); warm = response cache on, ${WARM_PAGES} user pages / ${WARM_CLASSES} classes fetched once before the run.`,
    "",
    "| scenario | req/s | p50 (ms) | p99 (ms) | % of bare | target |",
    "|---|---:|---:|---:|---:|---|",
    ...rows.map(
      (r) =>
        `| ${r.scenario} | ${Math.round(r.requestsPerSecond)} | ${r.p50} | ${r.p99} | ${Math.round((r.requestsPerSecond / bare) * 100)} | ${isBare(r) ? "—" : verdict(r, bare)} |`,
    ),
    "",
    `Large pages: all ${pages.pages} pages of limit=10000 users, streamed (cold server): ${Math.round(pages.meanMs)} ms per page on average ` +
      `(slowest ${Math.round(pages.maxMs)} ms). Server RSS ${mb(pages.before)} MB before, ${mb(pages.minRss)}–${mb(pages.maxRss)} MB while reading ` +
      `(peak during the first page ${mb(pages.firstPageRss)} MB, during the last ${mb(pages.lastPageRss)} MB).`,
    "",
  ];
  return lines.join("\n");
}

/** Replaces the "### REST API" section of BENCHMARKS.md (up to the next "### "), or appends one. */
function writeSection(section: string): void {
  const file = join(ROOT, "BENCHMARKS.md");
  const text = readFileSync(file, "utf8");
  const start = text.search(/^### REST API\b/m);
  if (start < 0) return writeFileSync(file, `${text.trimEnd()}\n\n${section}`);
  const rest = text.slice(start + 1).search(/^### /m);
  const end = rest < 0 ? text.length : start + 1 + rest;
  writeFileSync(file, `${text.slice(0, start)}${section}${rest < 0 ? "" : `\n${text.slice(end)}`}`);
}

async function main(): Promise<void> {
  const about = await machine();
  const measured = await revision();
  const classes = await classIds();
  const { clientId, clientSecret } = JSON.parse((await cli("clients", "add", "--tenant", "default", "--name", "bench", "--json")).split("\n").at(-1)!) as {
    clientId: string;
    clientSecret: string;
  };
  const temp = mkdtempSync(join(tmpdir(), "oneroster-rest-bench-"));
  const rows: Row[] = [];
  try {
    process.stderr.write("cold server (RESPONSE_CACHE_MB=0)\n");
    const cold = await startChild(["src/cli/main.ts", "serve"], { ...serverEnv, PORT: "0", RESPONSE_CACHE_MB: "0" });
    const token = await accessToken(cold.url, clientId, clientSecret);
    const first = await get(`${cold.url}${BASE}/users?limit=100&offset=0`, token);
    const pageFile = join(temp, "page.json");
    writeFileSync(pageFile, first.text);
    const bare = await startChild(["bench/bare-route-server.ts", pageFile], process.env);
    const measureBare = async (when: string) => rows.push(await load(`bare Express route, same 100-user page from memory (${when})`, bare.url, () => `${BASE}/users`));
    await measureBare("before the cold rows");

    const userPages = Math.ceil(first.total / 100);
    const randomUserPage = () => `${BASE}/users?limit=100&offset=${Math.floor(Math.random() * userPages) * 100}`;
    const randomClass = () => `${BASE}/classes/${pick(classes)}/students`;
    rows.push(await load("/users?limit=100&offset=random, cold", cold.url, randomUserPage, token));
    rows.push(await load("/classes/{id}/students, random class, cold", cold.url, randomClass, token));
    process.stderr.write("large pages\n");
    const pages = await largePages(cold.url, cold.child.pid!, token, first.total);
    await stop(cold.child);

    await measureBare("before the warm rows");
    await stop(bare.child);

    process.stderr.write("warm server (response cache on)\n");
    const warm = await startChild(["src/cli/main.ts", "serve"], { ...serverEnv, PORT: "0", RESPONSE_CACHE_MB: process.env.RESPONSE_CACHE_MB ?? "64" });
    const warmToken = await accessToken(warm.url, clientId, clientSecret);
    const warmPages = Array.from({ length: WARM_PAGES }, () => `${BASE}/users?limit=100&offset=${Math.floor(Math.random() * userPages) * 100}`);
    const warmClasses = Array.from({ length: WARM_CLASSES }, () => `${BASE}/classes/${pick(classes)}/students`);
    for (const path of [...warmPages, ...warmClasses]) await get(`${warm.url}${path}`, warmToken);
    rows.push(await load(`/users?limit=100&offset=one of ${WARM_PAGES}, warm`, warm.url, () => pick(warmPages), warmToken));
    rows.push(await load(`/classes/{id}/students, one of ${WARM_CLASSES}, warm`, warm.url, () => pick(warmClasses), warmToken));
    await stop(warm.child);

    const section = report(rows, pages, about, measured);
    process.stdout.write(`${section}\n`);
    if (!values["print-only"]) writeSection(section);
  } finally {
    for (const child of children) await stop(child);
    rmSync(temp, { recursive: true, force: true });
    await cli("clients", "revoke", clientId).catch(() => undefined);
  }
}

await main();
