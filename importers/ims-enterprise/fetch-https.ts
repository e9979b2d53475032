import { readFile } from "node:fs/promises";
import { request } from "node:https";
import { ImsFetchError } from "./errors.ts";

/** A client certificate (mTLS) as Edlevo's APIs require: PEM files, the key's passphrase from the environment. */
export interface ClientCertificate {
  certFile: string;
  keyFile: string;
  /** The CA that signed the server's certificate, when it is not a public one. */
  caFile?: string | undefined;
  passphraseEnv?: string | undefined;
}

/**
 * GET `url` over HTTPS presenting the client certificate, streaming the body (the caller parses it as it arrives).
 * Anything but 200 is an ImsFetchError naming the URL and status; so is a connection or TLS failure or a timeout.
 */
export async function* httpsGetStream(url: string, certificate: ClientCertificate, options: { timeoutMs: number; env?: NodeJS.ProcessEnv }): AsyncGenerator<Buffer> {
  const env = options.env ?? process.env;
  const passphrase = certificate.passphraseEnv ? env[certificate.passphraseEnv] : undefined;
  if (certificate.passphraseEnv && passphrase === undefined) throw new ImsFetchError(`the environment variable ${certificate.passphraseEnv} (the client key's passphrase) is not set`);
  const [cert, key, ca] = await Promise.all([
    readFile(certificate.certFile),
    readFile(certificate.keyFile),
    certificate.caFile ? readFile(certificate.caFile) : Promise.resolve(undefined),
  ]).catch((error: NodeJS.ErrnoException) => {
    throw new ImsFetchError(`client certificate: ${error.path ?? ""}: ${error.code === "ENOENT" ? "no such file" : error.message}`);
  });
  const response = await new Promise<import("node:http").IncomingMessage>((resolve, reject) => {
    const req = request(url, { method: "GET", cert, key, ...(ca ? { ca } : {}), ...(passphrase ? { passphrase } : {}), headers: { accept: "application/xml, text/xml" }, timeout: options.timeoutMs }, resolve);
    req.on("timeout", () => req.destroy(new Error(`no answer within ${options.timeoutMs} ms`)));
    req.on("error", (error) => reject(new ImsFetchError(`GET ${url}: ${error.message}`)));
    req.end();
  });
  if (response.statusCode !== 200) {
    response.resume();
    throw new ImsFetchError(`GET ${url}: HTTP ${response.statusCode} ${response.statusMessage ?? ""}`.trim());
  }
  try {
    for await (const chunk of response) yield chunk as Buffer;
  } catch (error) {
    throw new ImsFetchError(`GET ${url}: the answer broke off: ${(error as Error).message}`);
  }
}
