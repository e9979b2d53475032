/**
 * A loopback Google (OAuth 2 token endpoint + Classroom v1 + its batch endpoint) for exporter tests, speaking the wire
 * protocol the real clients use.
 *
 *   const fake = await startFakeGoogle();      // fake.url, fake.tokenUrl, fake.serviceAccountKey, fake.adminSubject
 *   fake.state.addUser("anna@skola.test");
 *   fake.faults.throttledBatchItems = 20; fake.faults.failAfterWrites = 40;
 *   fake.writeCalls();                         // POST/PATCH/DELETE calls, each batch part counted, envelopes not
 *   await fake.close();
 *
 * The token endpoint takes the JWT-bearer grant (RFC 7523) as Google does and verifies the assertion's RS256 signature
 * with the public half of the service account key it made, its audience (Google's token URL), issuer and scopes.
 */
import { generateKeyPairSync, randomBytes, type KeyObject } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { jwtVerify } from "jose";
import { GoogleFaults } from "./faults.ts";
import { googleError, route, type FakeResponse } from "./routes.ts";
import { FakeClassroomState } from "./state.ts";

export interface GoogleRequestLogEntry {
  method: string;
  /** Under the root URL, with its query string. */
  path: string;
  inBatch: boolean;
  status: number;
  /** When it arrived (ms since the fake started). */
  at: number;
}

export interface FakeGoogle {
  /** Root URL, e.g. http://127.0.0.1:41234/ */
  url: string;
  tokenUrl: string;
  /** A service account JSON key whose public half the token endpoint trusts. */
  serviceAccountKey: { type: "service_account"; client_email: string; private_key: string; private_key_id: string; token_uri: string };
  adminSubject: string;
  state: FakeClassroomState;
  faults: GoogleFaults;
  requests: GoogleRequestLogEntry[];
  /** JWT assertions accepted (the sub claim of each). */
  grants: string[];
  /** Write calls (POST/PATCH/DELETE) received, each batch part counted; batch envelopes and token requests are not. */
  writeCalls: () => number;
  close(): Promise<void>;
}

export interface FakeGoogleOptions {
  /** Roster entries per page (the API's default page size is not documented; 30 here). */
  pageSize?: number;
}

const WRITES = new Set(["POST", "PATCH", "PUT", "DELETE"]);
const GOOGLE_TOKEN_URL = "https://oauth2.googleapis.com/token";
const REQUIRED_SCOPES = ["https://www.googleapis.com/auth/classroom.courses", "https://www.googleapis.com/auth/classroom.rosters"];
const BATCH_PATH = "/batch/classroom/v1";
const CRLF = "\r\n";

function send(response: ServerResponse, answer: FakeResponse): void {
  const headers: Record<string, string> = { ...(answer.headers ?? {}) };
  if (answer.body !== undefined) headers["Content-Type"] = "application/json; charset=UTF-8";
  response.writeHead(answer.status, headers);
  response.end(answer.body === undefined ? undefined : JSON.stringify(answer.body));
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

interface BatchPart {
  contentId: string;
  method: string;
  path: string;
  body: unknown;
}

/** The parts of a multipart/mixed batch request: each an application/http request with a Content-ID. */
function parseBatch(text: string, boundary: string): BatchPart[] | string {
  const parts: BatchPart[] = [];
  const chunks = text.split(`--${boundary}`);
  if (!chunks.at(-1)?.startsWith("--")) return "the batch body does not end with the closing boundary";
  for (const chunk of chunks.slice(1, -1)) {
    const [outer = "", ...rest] = chunk.replace(/^\r\n/, "").split(`${CRLF}${CRLF}`);
    if (!/^content-type:\s*application\/http/im.test(outer)) return "every part must be Content-Type: application/http";
    const contentId = /^content-id:\s*<?([^>\r\n]+)>?/im.exec(outer)?.[1];
    if (!contentId) return "every part needs a Content-ID";
    const [requestHead = "", ...bodyParts] = rest;
    const requestLine = /^([A-Z]+) (\S+) HTTP\/1\.1/.exec(requestHead)?.[0];
    if (!requestLine) return `part ${contentId} has no request line`;
    const [method, target] = requestLine.split(" ") as [string, string];
    const bodyText = bodyParts.join(`${CRLF}${CRLF}`).replace(/\r\n$/, "");
    if (bodyText && !/^content-type:\s*application\/json/im.test(requestHead)) return `part ${contentId} has a body that is not application/json`;
    parts.push({ contentId, method, path: target.replace(/^https?:\/\/[^/]+/, ""), body: bodyText ? (JSON.parse(bodyText) as unknown) : undefined });
  }
  return parts;
}

export async function startFakeGoogle(options: FakeGoogleOptions = {}): Promise<FakeGoogle> {
  const state = new FakeClassroomState();
  const faults = new GoogleFaults();
  const requests: GoogleRequestLogEntry[] = [];
  const grants: string[] = [];
  const tokens = new Set<string>();
  const started = Date.now();
  const adminSubject = "admin@skola.test";
  const clientEmail = "oneroster@fake-project.iam.gserviceaccount.com";
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  let succeededWrites = 0;
  let url = "";

  const crashed = () => faults.failAfterWrites !== undefined && succeededWrites >= faults.failAfterWrites;
  const throttled = (): FakeResponse => {
    const answer = googleError(429, "Quota exceeded for quota metric 'Requests' and limit 'Requests per minute per user'.");
    return faults.retryAfterSeconds === undefined ? answer : { ...answer, headers: { "Retry-After": String(faults.retryAfterSeconds) } };
  };

  /** One Classroom call, on its own or inside a batch. */
  const handle = (method: string, target: string, body: unknown, inBatch: boolean): FakeResponse => {
    let answer: FakeResponse;
    if (crashed()) answer = googleError(500, "Internal error encountered. (the fake crashed: failAfterWrites)");
    else if (inBatch && faults.throttledBatchItems > 0) {
      faults.throttledBatchItems -= 1;
      answer = throttled();
    } else {
      const parsed = new URL(target, "http://fake");
      answer = route(state, { method, path: parsed.pathname, query: parsed.searchParams, body }, { pageSize: options.pageSize ?? 30 });
      if (WRITES.has(method) && answer.status < 300) succeededWrites += 1;
    }
    requests.push({ method, path: target, inBatch, status: answer.status, at: Date.now() - started });
    return answer;
  };

  const token = async (text: string): Promise<FakeResponse> => {
    const form = new URLSearchParams(text);
    if (form.get("grant_type") !== "urn:ietf:params:oauth:grant-type:jwt-bearer") {
      return { status: 400, body: { error: "unsupported_grant_type", error_description: "Invalid grant_type" } };
    }
    try {
      const { payload } = await jwtVerify(form.get("assertion") ?? "", publicKey as KeyObject, { algorithms: ["RS256"], audience: GOOGLE_TOKEN_URL, issuer: clientEmail });
      const scopes = String(payload.scope ?? "").split(" ");
      if (!REQUIRED_SCOPES.every((scope) => scopes.includes(scope))) return { status: 400, body: { error: "invalid_scope", error_description: `scopes ${payload.scope}` } };
      if (payload.sub !== adminSubject) return { status: 401, body: { error: "unauthorized_client", error_description: "Client is unauthorized to retrieve access tokens using this method, or client not authorized for any of the scopes requested." } };
      grants.push(payload.sub);
    } catch (error) {
      return { status: 400, body: { error: "invalid_grant", error_description: `Invalid JWT: ${(error as Error).message}` } };
    }
    const accessToken = `ya29.${randomBytes(24).toString("base64url")}`;
    tokens.add(accessToken);
    return { status: 200, body: { access_token: accessToken, expires_in: 3599, token_type: "Bearer" } };
  };

  const batch = (contentType: string | undefined, text: string): { status: number; headers: Record<string, string>; body: string } | FakeResponse => {
    const boundary = /^multipart\/mixed;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType ?? "");
    if (!boundary) return googleError(400, "a batch request is multipart/mixed with a boundary");
    const parts = parseBatch(text, boundary[1] ?? boundary[2]!);
    if (typeof parts === "string") return googleError(400, parts);
    if (parts.length > 50) return googleError(400, "A batch request cannot contain more than 50 requests");
    const answerBoundary = `batch_${randomBytes(9).toString("base64url")}`;
    const answered = parts.map((part) => {
      const answer = handle(part.method, part.path, part.body, true);
      const headers = Object.entries(answer.headers ?? {}).map(([name, value]) => `${name}: ${value}`);
      return [
        `--${answerBoundary}`,
        "Content-Type: application/http",
        `Content-ID: <response-${part.contentId}>`,
        "",
        `HTTP/1.1 ${answer.status} ${answer.status < 300 ? "OK" : "Error"}`,
        "Content-Type: application/json; charset=UTF-8",
        ...headers,
        "",
        JSON.stringify(answer.body ?? {}),
        "",
      ].join(CRLF);
    });
    return { status: 200, headers: { "Content-Type": `multipart/mixed; boundary=${answerBoundary}` }, body: `${answered.join("")}--${answerBoundary}--${CRLF}` };
  };

  const server = createServer((request, response) => {
    void (async () => {
      const text = await readBody(request);
      const path = request.url ?? "/";
      if (request.method === "POST" && path === "/token") return send(response, await token(text));
      const bearer = request.headers.authorization?.match(/^Bearer (.+)$/)?.[1];
      if (!bearer || !tokens.has(bearer)) return send(response, googleError(401, "Request had invalid authentication credentials.", "UNAUTHENTICATED"));
      if (faults.throttledRequests > 0) {
        faults.throttledRequests -= 1;
        requests.push({ method: request.method ?? "GET", path, inBatch: false, status: 429, at: Date.now() - started });
        return send(response, throttled());
      }
      if (request.method === "POST" && path === BATCH_PATH) {
        const answer = batch(request.headers["content-type"], text);
        requests.push({ method: "POST", path, inBatch: false, status: answer.status, at: Date.now() - started });
        if (typeof answer.body === "string") {
          response.writeHead(answer.status, answer.headers);
          return response.end(answer.body);
        }
        return send(response, answer as FakeResponse);
      }
      send(response, handle(request.method ?? "GET", path, text ? (JSON.parse(text) as unknown) : undefined, false));
    })().catch((error: unknown) => send(response, googleError(500, `the fake failed: ${String(error)}`)));
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const tokenUrl = `${url}token`;
  return {
    url,
    tokenUrl,
    serviceAccountKey: {
      type: "service_account",
      client_email: clientEmail,
      private_key: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
      private_key_id: randomBytes(20).toString("hex"),
      token_uri: tokenUrl,
    },
    adminSubject,
    state,
    faults,
    requests,
    grants,
    writeCalls: () => requests.filter((entry) => WRITES.has(entry.method) && entry.path !== BATCH_PATH).length,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
