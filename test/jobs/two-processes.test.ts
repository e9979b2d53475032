import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import pg from "pg";
import { openDatabase, type DatabaseHandle } from "../../db/connection.ts";
import { startFakeSs12000, type FakeSs12000 } from "../fakes/ss12000/server.ts";
import { runCli, type CliResult } from "../helpers/cli.ts";
import { pipelineSetupYaml, setupFolder } from "./pipeline-fixture.ts";

/**
 * A loopback proxy in front of the fake SS 12000 that holds every request until opened, so the test decides how long
 * the process that got the tenant stays inside its run.
 */
async function startGate(target: string): Promise<{ url: string; firstRequest: Promise<void>; open: () => void; close: () => Promise<void> }> {
  let open!: () => void;
  let arrived!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  const firstRequest = new Promise<void>((resolve) => (arrived = resolve));
  const server: Server = createServer((request, response) => {
    arrived();
    void (async () => {
      await opened;
      const chunks: Buffer[] = [];
      for await (const chunk of request) chunks.push(chunk as Buffer);
      const answer = await fetch(new URL(request.url!, target), {
        method: request.method!,
        headers: Object.fromEntries(Object.entries(request.headers).filter(([name]) => ["authorization", "accept", "content-type"].includes(name)) as Array<[string, string]>),
        ...(chunks.length ? { body: Buffer.concat(chunks) } : {}),
      });
      response.writeHead(answer.status, { "content-type": answer.headers.get("content-type") ?? "application/json" });
      response.end(Buffer.from(await answer.arrayBuffer()));
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    firstRequest,
    open,
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

describe("two `oneroster run --now` processes on one Postgres", { skip: !process.env.TEST_DATABASE_URL && "needs TEST_DATABASE_URL" }, () => {
  const name = `oneroster_runlock_${randomBytes(4).toString("hex")}`;
  let admin: pg.Client;
  let databaseUrl: string;
  let fake: FakeSs12000;
  before(async () => {
    admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await admin.connect();
    await admin.query(`create database ${name}`);
    const url = new URL(process.env.TEST_DATABASE_URL!);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
    fake = await startFakeSs12000({ students: 20, seed: 9 });
  });
  after(async () => {
    await fake?.close();
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  });

  it("never run the same tenant at once: one runs, the other is refused at once, and their runs do not overlap", async () => {
    const gate = await startGate(new URL(fake.url).origin);
    const setup = await setupFolder(pipelineSetupYaml(fake, { url: `${gate.url}${new URL(fake.url).pathname}` }));
    let database: DatabaseHandle | undefined;
    try {
      const env = { DATABASE_URL: databaseUrl, SS_SECRET: fake.clientSecret };
      const args = ["run", "--setup", setup.file, "--now", "--tenant", "kommun"];
      const children = [runCli(args, env), runCli(args, env)];
      // One process holds the tenant and waits at the gate; the other must give up without waiting for it.
      await gate.firstRequest;
      const refused: CliResult = await Promise.race(children);
      gate.open();
      const results = await Promise.all(children);
      const ran = results.find((r) => r !== refused)!;

      assert.equal(refused.code, 1, refused.stderr);
      assert.equal(refused.stdout, "");
      assert.match(
        refused.stderr,
        new RegExp(`^error: Tenant "kommun" is busy: another import/export run is in progress( \\(import sis, started [^)]+\\))?; not starting the pipeline of ${setup.file.replaceAll(".", "\\.")}\\. Try again when it has finished\\.$`, "m"),
      );
      assert.match(refused.stderr, /^error: not every pipeline succeeded: kommun refused$/m);
      assert.equal(ran.code, 0, ran.stderr);
      assert.match(ran.stdout, /^tenant kommun: succeeded in [\d.]+ s$/m);

      database = await openDatabase({ databaseUrl, poolSize: 1 });
      const imports = await database.db.selectFrom("sync_runs").select(["source_id as name", "status", "started_at", "finished_at"]).where("tenant_id", "=", "kommun").execute();
      const exports = await database.db.selectFrom("export_runs").select(["target_id as name", "status", "started_at", "finished_at"]).where("tenant_id", "=", "kommun").execute();
      // The refused process recorded nothing: one import and the exports of one pipeline, one after another.
      const all = [...imports, ...exports].sort((a, b) => a.started_at.getTime() - b.started_at.getTime());
      assert.deepEqual(
        all.map((r) => [r.name, r.status]),
        [
          ["sis", "succeeded"],
          ["csv", "succeeded"],
          ["sds", "succeeded"],
        ],
      );
      for (let i = 1; i < all.length; i++) assert.ok(all[i - 1]!.finished_at!.getTime() <= all[i]!.started_at.getTime(), `run ${i - 1} ends before run ${i} begins`);
    } finally {
      gate.open();
      await gate.close();
      await setup.cleanup();
      await database?.close();
    }
  });
});
