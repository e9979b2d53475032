import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import SftpClient from "ssh2-sftp-client";
import { ImsFetchError } from "./errors.ts";
import type { SftpLocation } from "./settings.ts";

/** Streams a file from an SFTP server (Alvis drops its IMS export there), closing the connection afterwards. */
export async function* sftpFileStream(location: SftpLocation, env: NodeJS.ProcessEnv = process.env): AsyncGenerator<Buffer> {
  const password = location.passwordEnv ? env[location.passwordEnv] : undefined;
  if (location.passwordEnv && password === undefined) throw new ImsFetchError(`the environment variable ${location.passwordEnv} (the SFTP password) is not set`);
  const privateKey = location.privateKeyFile
    ? await readFile(location.privateKeyFile).catch((error: NodeJS.ErrnoException) => {
        throw new ImsFetchError(`SFTP private key: ${location.privateKeyFile}: ${error.code === "ENOENT" ? "no such file" : error.message}`);
      })
    : undefined;
  const client = new SftpClient("ims-enterprise");
  const where = `sftp://${location.username}@${location.host}:${location.port}${location.path}`;
  try {
    await client.connect({
      host: location.host,
      port: location.port,
      username: location.username,
      ...(password !== undefined ? { password } : {}),
      ...(privateKey ? { privateKey } : {}),
      readyTimeout: 20_000,
      ...(location.hostKeySha256
        ? { hostVerifier: (key: Buffer) => createHash("sha256").update(key).digest("base64").replace(/=+$/, "") === location.hostKeySha256!.replace(/=+$/, "") }
        : {}),
    });
  } catch (error) {
    await client.end().catch(() => {});
    throw new ImsFetchError(`${where}: ${(error as Error).message}`);
  }
  try {
    const stream = client.createReadStream(location.path);
    try {
      for await (const chunk of stream) yield chunk as Buffer;
    } catch (error) {
      throw new ImsFetchError(`${where}: ${(error as Error).message}`);
    }
  } finally {
    await client.end().catch(() => {});
  }
}
