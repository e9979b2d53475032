import type { AddressInfo } from "node:net";
import type { Express } from "express";
import type { DatabaseHandle } from "../../db/connection.ts";
import { createApp, type ApiSettings } from "../../src/api/app.ts";
import type { ResponseCache } from "../../src/api/v1p1/response-cache.ts";
import { readSettings } from "../../src/config/env.ts";
import { createLogger } from "../../src/log/logger.ts";
import { TEST_SECRET_BOX } from "./api-auth.ts";

export interface TestServer {
  app: Express;
  url: string;
  close(): Promise<void>;
}

/** The whole app, auth included, listening on a loopback port: for tests where the exact URL matters (signatures). */
export async function startTestServer(
  database: DatabaseHandle,
  options: { settings?: Partial<ApiSettings>; now?: () => Date; responseCache?: ResponseCache } = {},
): Promise<TestServer> {
  const app = createApp({
    database,
    logger: createLogger("silent"),
    secretBox: TEST_SECRET_BOX,
    settings: { ...readSettings({}), ...options.settings },
    ...(options.now ? { now: options.now } : {}),
    ...(options.responseCache ? { responseCache: options.responseCache } : {}),
  });
  const server = await new Promise<import("node:http").Server>((resolve) => {
    const listening = app.listen(0, "127.0.0.1", () => resolve(listening));
  });
  const { port } = server.address() as AddressInfo;
  return {
    app,
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
