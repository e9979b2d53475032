/**
 * Times generating and loading the demo municipality into PostgreSQL and into embedded PGlite, and reports rows/s
 * and the peak RSS of the loading process. Each engine runs in a child process of its own so peaks do not mix.
 *
 *   npm run bench -- --students 70000 [--engines postgres,pglite] [--write]
 *
 * PostgreSQL comes from BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test); the run uses a schema
 * of its own and drops it afterwards. --write appends the results to BENCHMARKS.md.
 *
 * The loading process runs with a 192 MB V8 heap: on a large machine V8 otherwise lets garbage pile up to hundreds of
 * MB before collecting, which measures V8's laziness rather than what the loader holds. If the loader's memory grew
 * with the data, it would fail under this cap.
 */
import { execFileSync } from "node:child_process";
import { appendFileSync, mkdtempSync, rmSync } from "node:fs";
import { cpus, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { sql } from "kysely";
import { openDatabase, type DatabaseHandle, type Engine } from "../db/connection.ts";
import { migrateToLatest } from "../db/migrator.ts";
import { seedDemo } from "../src/demo/seed.ts";

interface Result {
  engine: Engine;
  students: number;
  rows: number;
  seconds: number;
  rowsPerSecond: number;
  peakRssMB: number;
  serverVersion: string;
}

const { values } = parseArgs({
  options: {
    students: { type: "string", default: "70000" },
    seed: { type: "string", default: "1" },
    engines: { type: "string", default: "postgres,pglite" },
    child: { type: "string" },
    write: { type: "boolean", default: false },
  },
});
const students = Number(values.students);
const seed = Number(values.seed);
const postgresUrl = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

/** A fresh migrated database, and how to close and remove it again. */
async function open(engine: Engine): Promise<{ database: DatabaseHandle; dispose: () => Promise<void> }> {
  if (engine === "pglite") {
    const dir = mkdtempSync(join(tmpdir(), "oneroster-bench-"));
    const database = await openDatabase({ dataDir: dir });
    await migrateToLatest(database.db);
    return {
      database,
      dispose: async () => {
        await database.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const schema = `bench_${process.pid}`;
  const database = await openDatabase({ databaseUrl: postgresUrl, schema, poolSize: 2 });
  await sql.raw(`drop schema if exists ${schema} cascade; create schema ${schema}`).execute(database.db);
  await migrateToLatest(database.db, schema);
  return {
    database,
    dispose: async () => {
      await sql.raw(`drop schema ${schema} cascade`).execute(database.db);
      await database.close();
    },
  };
}

async function measure(engine: Engine): Promise<Result> {
  const { database, dispose } = await open(engine);
  try {
    const serverVersion = (await sql<{ v: string }>`select version() as v`.execute(database.db)).rows[0]!.v;
    const started = process.hrtime.bigint();
    let lastReport = 0;
    const counts = await seedDemo(database.db, {
      tenantId: "default",
      students,
      seed,
      onProgress: (rows) => {
        if (rows - lastReport >= 250_000) {
          lastReport = rows;
          process.stderr.write(`  ${engine}: ${rows} rows\n`);
        }
      },
    });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const rows = Object.values(counts).reduce((sum, n) => sum + (n ?? 0), 0);
    return {
      engine,
      students,
      rows,
      seconds: Number(seconds.toFixed(1)),
      rowsPerSecond: Math.round(rows / seconds),
      peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
      serverVersion: serverVersion.split(" on ")[0]!,
    };
  } finally {
    await dispose();
  }
}

if (values.child) {
  const result = await measure(values.child as Engine);
  process.stdout.write(`${JSON.stringify(result)}\n`);
} else {
  const results: Result[] = [];
  for (const engine of values.engines!.split(",") as Engine[]) {
    process.stderr.write(`loading ${students} students into ${engine} …\n`);
    const output = execFileSync(
      process.execPath,
      ["--max-old-space-size=192", "--import", "tsx", fileURLToPath(import.meta.url), "--child", engine, "--students", `${students}`, "--seed", `${seed}`],
      { stdio: ["ignore", "pipe", "inherit"], encoding: "utf8", maxBuffer: 1 << 20 },
    );
    results.push(JSON.parse(output.trim().split("\n").at(-1)!) as Result);
  }
  const machine = `${cpus().length} × ${cpus()[0]?.model.trim()}, ${Math.round(totalmem() / 2 ** 30)} GiB RAM, Node ${process.version}`;
  const lines = [
    `### Demo municipality load, ${students} students — ${new Date().toISOString().slice(0, 10)}`,
    "",
    `Machine: ${machine}. Command: \`npm run bench -- --students ${students}\` (loader heap capped at 192 MB).`,
    "",
    "| engine | server | rows | seconds | rows/s | peak RSS (MB) |",
    "|---|---|---:|---:|---:|---:|",
    ...results.map(
      (r) => `| ${r.engine} | ${r.serverVersion} | ${r.rows} | ${r.seconds} | ${r.rowsPerSecond} | ${r.peakRssMB} |`,
    ),
    "",
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
  if (values.write) appendFileSync(new URL("../BENCHMARKS.md", import.meta.url), `${lines.join("\n")}\n`);
}
