import type { AddressInfo } from "node:net";
import { createApp, type AppDependencies } from "./app.ts";

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

export function startServer(options: AppDependencies & { host: string; port: number }): Promise<RunningServer> {
  const app = createApp(options);
  return new Promise((resolve, reject) => {
    const server = app.listen(options.port, options.host, (error?: Error) => {
      if (error) return reject(error);
      const { address, port } = server.address() as AddressInfo;
      const host = address.includes(":") ? `[${address}]` : address;
      resolve({
        url: `http://${host}:${port}`,
        close: () => new Promise<void>((done, fail) => server.close((e) => (e ? fail(e) : done()))),
      });
    });
    server.once("error", reject);
  });
}
