/**
 * A loopback Microsoft Graph for exporter tests, speaking the wire protocol the real clients use.
 *
 *   const fake = await startFakeGraph();            // fake.url, fake.tenantId, fake.clientId, fake.clientSecret
 *   fake.state.addUser("anna@skola.se");
 *   fake.faults.throttledRequests = 3; fake.faults.failAfterWrites = 40;
 *   fake.writeCalls();                              // POST/PATCH/PUT/DELETE, $batch items counted one by one
 *   await fake.close();
 */
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { GraphFaults } from "./faults.ts";
import { route, type FakeResponse } from "./routes.ts";
import { FakeGraphState } from "./state.ts";

export interface GraphRequestLogEntry {
  method: string;
  /** Under /v1.0, with its query string. */
  url: string;
  inBatch: boolean;
  status: number;
  /** When it arrived (ms since the fake started). */
  at: number;
}

export interface FakeGraph {
  /** e.g. http://127.0.0.1:41234 — the authority and the Graph base URL alike. */
  url: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  state: FakeGraphState;
  faults: GraphFaults;
  requests: GraphRequestLogEntry[];
  /** Token requests served. */
  tokensIssued: () => number;
  /** Write calls (POST/PATCH/PUT/DELETE) received, each $batch item counted; the $batch envelope is not one. */
  writeCalls: () => number;
  close(): Promise<void>;
}

export interface FakeGraphOptions {
  /** Members/teachers per page of a class's collection; default 100 (Graph's default). */
  pageSize?: number;
}

const WRITES = new Set(["POST", "PATCH", "PUT", "DELETE"]);

function send(response: ServerResponse, answer: FakeResponse): void {
  const headers: Record<string, string> = { ...(answer.headers ?? {}) };
  if (answer.body !== undefined) headers["Content-Type"] = "application/json";
  response.writeHead(answer.status, headers);
  response.end(answer.body === undefined ? undefined : JSON.stringify(answer.body));
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

export async function startFakeGraph(options: FakeGraphOptions = {}): Promise<FakeGraph> {
  const state = new FakeGraphState();
  const faults = new GraphFaults();
  const requests: GraphRequestLogEntry[] = [];
  const tenantId = "fake-tenant";
  const clientId = "fake-client";
  const clientSecret = randomBytes(12).toString("hex");
  const tokens = new Set<string>();
  const started = Date.now();
  let succeededWrites = 0;
  let url = "";

  const crashed = () => faults.failAfterWrites !== undefined && succeededWrites >= faults.failAfterWrites;
  const crash: FakeResponse = { status: 500, body: { error: { code: "InternalServerError", message: "the fake crashed (failAfterWrites)" } } };
  const routeOptions = () => ({ baseUrl: url, pageSize: options.pageSize ?? 100, teamNotReplicatedAttempts: () => faults.teamNotReplicatedAttempts });

  /** One Graph request, on its own or inside a $batch. */
  const handle = (method: string, target: string, body: unknown, inBatch: boolean): FakeResponse => {
    let answer: FakeResponse;
    if (crashed()) answer = crash;
    else if (inBatch && faults.throttledBatchItems > 0) {
      faults.throttledBatchItems -= 1;
      answer = { status: 429, headers: { "Retry-After": String(faults.retryAfterSeconds) }, body: { error: { code: "TooManyRequests", message: "throttled" } } };
    } else {
      const parsed = new URL(target, "http://fake");
      answer = route(state, { method, path: parsed.pathname, query: parsed.searchParams, body }, routeOptions());
      if (WRITES.has(method) && answer.status < 300) succeededWrites += 1;
    }
    requests.push({ method, url: target, inBatch, status: answer.status, at: Date.now() - started });
    return answer;
  };

  const server = createServer((request, response) => {
    void (async () => {
      const text = await readBody(request);
      const path = request.url ?? "/";
      if (request.method === "POST" && path.split("?")[0] === `/${tenantId}/oauth2/v2.0/token`) {
        const form = new URLSearchParams(text);
        if (form.get("grant_type") !== "client_credentials" || form.get("client_id") !== clientId || form.get("client_secret") !== clientSecret) {
          return send(response, { status: 401, body: { error: "invalid_client", error_description: "bad client credentials" } });
        }
        if (!form.get("scope")?.endsWith("/.default")) return send(response, { status: 400, body: { error: "invalid_scope" } });
        const token = randomBytes(16).toString("hex");
        tokens.add(token);
        return send(response, { status: 200, body: { token_type: "Bearer", expires_in: 3600, ext_expires_in: 3600, access_token: token } });
      }
      if (!path.startsWith("/v1.0/")) return send(response, { status: 404, body: { error: { code: "NotFound", message: path } } });
      const token = request.headers.authorization?.match(/^Bearer (.+)$/)?.[1];
      if (!token || !tokens.has(token)) return send(response, { status: 401, body: { error: { code: "InvalidAuthenticationToken", message: "no valid bearer token" } } });
      const target = path.slice("/v1.0".length);
      const body = text ? (JSON.parse(text) as unknown) : undefined;
      if (faults.throttledRequests > 0) {
        faults.throttledRequests -= 1;
        requests.push({ method: request.method ?? "GET", url: target, inBatch: false, status: 429, at: Date.now() - started });
        return send(response, { status: 429, headers: { "Retry-After": String(faults.retryAfterSeconds) }, body: { error: { code: "TooManyRequests", message: "throttled" } } });
      }
      if (target === "/$batch" && request.method === "POST") {
        const answer = batch(body);
        requests.push({ method: "POST", url: target, inBatch: false, status: answer.status, at: Date.now() - started });
        return send(response, answer);
      }
      send(response, handle(request.method ?? "GET", target, body, false));
    })().catch((error: unknown) => send(response, { status: 500, body: { error: { code: "FakeError", message: String(error) } } }));
  });

  const batch = (body: unknown): FakeResponse => {
    const items = (body as { requests?: Array<{ id: string; method: string; url: string; body?: unknown; dependsOn?: string[] }> })?.requests;
    if (!Array.isArray(items) || items.length === 0) return { status: 400, body: { error: { code: "BadRequest", message: "requests is required" } } };
    if (items.length > 20) return { status: 400, body: { error: { code: "BadRequest", message: "Number of requests in a batch cannot exceed 20" } } };
    if (crashed()) return crash;
    const statuses = new Map<string, number>();
    const responses = items.map((item) => {
      const failedDependency = item.dependsOn?.some((id) => (statuses.get(id) ?? 0) >= 300);
      const answer: FakeResponse = failedDependency
        ? { status: 424, body: { error: { code: "FailedDependency", message: "a request it depends on failed" } } }
        : handle(item.method, item.url.startsWith("/") ? item.url : `/${item.url}`, item.body, true);
      statuses.set(item.id, answer.status);
      return { id: item.id, status: answer.status, headers: answer.headers ?? {}, ...(answer.body !== undefined ? { body: answer.body } : {}) };
    });
    return { status: 200, body: { responses } };
  };

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    tenantId,
    clientId,
    clientSecret,
    state,
    faults,
    requests,
    tokensIssued: () => tokens.size,
    writeCalls: () => requests.filter((entry) => WRITES.has(entry.method) && entry.url !== "/$batch").length,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
