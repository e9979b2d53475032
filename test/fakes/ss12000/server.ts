/**
 * A loopback SS 12000 v2.1 server for importer tests.
 *
 *   const fake = await startFakeSs12000({ students: 60, seed: 7, staticToken: "t" });
 *   fetch(`${fake.url}/persons?limit=50`, { headers: { authorization: "Bearer t" } });  // or POST fake.tokenUrl
 *   fake.rename(groupId, "7B"); fake.remove("persons", id); fake.faults.tooManyRequests({ page: 2 });
 *   await fake.close();
 */
import type { AddressInfo } from "node:net";
import express from "express";
import { TokenIssuer } from "./auth.ts";
import { buildMunicipality, type MunicipalityOptions } from "./data.ts";
import { Faults } from "./faults.ts";
import { type Mutations, createMutations } from "./mutations.ts";
import { ss12000Router } from "./routes.ts";
import { type Clock, type FakeState, createState } from "./state.ts";

export interface FakeOptions extends MunicipalityOptions {
  clientId?: string;
  clientSecret?: string;
  staticToken?: string;
  tokenTtlSeconds?: number;
  /** Path the API lives under, as a real deployment's base URL has one. Default "/v2.0". */
  basePath?: string;
  maxPageSize?: number;
  lastPageToken?: "null" | "omit";
  /** Where the fake's clock starts; default 2026-09-01T00:00:00Z, a month after the objects were created. */
  clockStart?: string;
}

export interface RequestLogEntry {
  method: string;
  /** Full path, base path included. */
  path: string;
  query: Record<string, unknown>;
  /** The Authorization header as sent. */
  auth: string | undefined;
  /** Set when the response finished; undefined when the socket was closed mid-body. */
  status?: number;
}

export interface FakeSs12000 extends Mutations {
  /** Base URL of the API, e.g. http://127.0.0.1:41234/v2.0 */
  url: string;
  /** OAuth 2 client-credentials endpoint. */
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  staticToken: string | undefined;
  state: FakeState;
  clock: Clock;
  faults: Faults;
  tokens: TokenIssuer;
  requests: RequestLogEntry[];
  close(): Promise<void>;
}

/** Starts a loopback SS 12000 v2.1 server over a generated municipality. */
export async function startFakeSs12000(options: FakeOptions = {}): Promise<FakeSs12000> {
  const state = createState(buildMunicipality(options), options.clockStart ?? "2026-09-01T00:00:00.000Z");
  const faults = new Faults();
  const requests: RequestLogEntry[] = [];
  const clientId = options.clientId ?? "importer";
  const clientSecret = options.clientSecret ?? "s3cret";
  const tokens = new TokenIssuer(
    { clientId, clientSecret, tokenTtlSeconds: options.tokenTtlSeconds ?? 3600, ...(options.staticToken ? { staticToken: options.staticToken } : {}) },
    state.clock,
  );
  const basePath = options.basePath ?? "/v2.0";

  const app = express();
  app.disable("x-powered-by");
  app.use((req, res, next) => {
    const entry: RequestLogEntry = { method: req.method, path: req.path, query: { ...(req.query as Record<string, unknown>) }, auth: req.headers.authorization };
    requests.push(entry);
    res.on("finish", () => {
      entry.status = res.statusCode;
    });
    next();
  });
  app.use(tokens.router());
  app.use(basePath, tokens.guard(), ss12000Router(state, faults, { lastPageToken: options.lastPageToken ?? "null", ...(options.maxPageSize ? { maxPageSize: options.maxPageSize } : {}) }));
  app.use((_req, res) => {
    res.status(404).json({ code: "NOT_FOUND", message: "no such route" });
  });

  const server = app.listen(0, "127.0.0.1");
  await new Promise<void>((resolve, reject) => {
    server.once("listening", resolve);
    server.once("error", reject);
  });
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    ...createMutations(state),
    url: `${origin}${basePath}`,
    tokenUrl: `${origin}/token`,
    clientId,
    clientSecret,
    staticToken: options.staticToken,
    state,
    clock: state.clock,
    faults,
    tokens,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
