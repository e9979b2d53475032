import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { connect, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import type { ChildProcess } from "node:child_process";
import { startCli, stop } from "../helpers/cli.ts";

const BODY = "grant_type=client_credentials";

interface Serving {
  child: ChildProcess;
  url: URL;
  basic: string;
  output: () => string;
}

async function serve(dataDir: string, env: NodeJS.ProcessEnv = {}): Promise<Serving> {
  const { child, match, output } = await startCli(
    ["serve", "--seed-demo", "--demo-students", "20"],
    { DATA_DIR: dataDir, PORT: "0", LOG_LEVEL: "info", ...env },
    /listening on (\S+)[\s\S]*client id: +(\S+)\n +client secret: +(\S+)\n/,
  );
  const [, url, clientId, clientSecret] = match as unknown as string[];
  return { child, url: new URL(url!), basic: Buffer.from(`${clientId}:${clientSecret}`).toString("base64"), output };
}

/** A POST /token whose headers and first half of the body are sent now: the request is in flight until `finish`. */
async function startSlowTokenRequest(server: Serving) {
  const socket: Socket = connect(Number(server.url.port), server.url.hostname);
  await new Promise((resolve) => socket.once("connect", resolve));
  let response = "";
  socket.on("data", (chunk) => (response += chunk));
  const closed = new Promise<string>((resolve) => socket.once("close", () => resolve(response)));
  socket.write(
    `POST /token HTTP/1.1\r\nHost: ${server.url.host}\r\nAuthorization: Basic ${server.basic}\r\n` +
      `Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ${BODY.length}\r\n\r\n${BODY.slice(0, 12)}`,
  );
  return {
    finish: () => socket.write(BODY.slice(12)),
    /** Everything the server sent, once it closed the connection. */
    closed,
  };
}

function exitCode(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once("exit", (code) => resolve(code))));
}

async function waitFor(output: () => string, text: string, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!output().includes(text)) {
    if (Date.now() > until) throw new Error(`"${text}" did not appear; output: ${output()}`);
    await sleep(20);
  }
}

describe("serve: graceful shutdown on SIGTERM", () => {
  let dataDir: string;
  let running: ChildProcess | undefined;
  before(() => {
    dataDir = mkdtempSync(join(tmpdir(), "oneroster-shutdown-"));
  });
  after(async () => {
    if (running) await stop(running);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("stops accepting, finishes the request in flight, closes the database and exits 0", async () => {
    const server = await serve(join(dataDir, "drain"));
    running = server.child;
    server.child.removeAllListeners("close");
    const exited = exitCode(server.child);
    const request = await startSlowTokenRequest(server);
    await sleep(100);

    server.child.kill("SIGTERM");
    await waitFor(server.output, '"msg":"shutting down"');
    await assert.rejects(fetch(new URL("/health", server.url)), "a new connection is refused while shutting down");
    assert.equal(server.child.exitCode, null, "the process waits for the request in flight");

    request.finish();
    const response = await request.closed;
    assert.match(response, /^HTTP\/1\.1 200 OK\r\n/);
    assert.match(response, /"access_token":"[^"]+"/);
    assert.equal(await exited, 0);
    assert.ok(server.output().includes('"msg":"shut down"'), server.output());
    running = undefined;
  });

  it("cuts off a request still in flight at SHUTDOWN_TIMEOUT_MS and exits 0", async () => {
    const server = await serve(join(dataDir, "timeout"), { SHUTDOWN_TIMEOUT_MS: "300" });
    running = server.child;
    server.child.removeAllListeners("close");
    const exited = exitCode(server.child);
    const request = await startSlowTokenRequest(server);
    await sleep(100);

    const signalled = Date.now();
    server.child.kill("SIGTERM");
    assert.equal(await exited, 0);
    const took = Date.now() - signalled;
    assert.ok(took >= 300 && took < 5_000, `exited ${took} ms after SIGTERM`);
    assert.equal(await request.closed, "", "the unfinished request got no answer");
    assert.ok(server.output().includes("requests still in flight at the shutdown timeout are cut off"), server.output());
    running = undefined;
  });
});
