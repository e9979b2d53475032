import { createHash, randomBytes } from "node:crypto";
import { readFile, stat } from "node:fs/promises";
import { posix } from "node:path";
import SftpClient from "ssh2-sftp-client";
import type { Logger } from "../../src/log/logger.ts";
import type { SftpSettings } from "./settings.ts";

/** An upload that failed; the message names the server, the path and the cause in one line. */
export class SftpUploadError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "SftpUploadError";
  }
}

export interface UploadResult {
  remotePath: string;
  bytes: number;
}

/** The secrets the settings name, read from the environment (or an error naming the missing variable). */
async function credentials(settings: SftpSettings, env: NodeJS.ProcessEnv): Promise<{ password?: string; privateKey?: Buffer; passphrase?: string }> {
  const secret = (name: string | undefined) => {
    if (name === undefined) return undefined;
    const value = env[name];
    if (value === undefined || value === "") throw new SftpUploadError(`SFTP: the environment variable ${name} is not set`);
    return value;
  };
  const password = secret(settings.passwordEnv);
  const passphrase = secret(settings.passphraseEnv);
  const privateKey =
    settings.privateKeyFile === undefined
      ? undefined
      : await readFile(settings.privateKeyFile).catch((error: Error) => {
          throw new SftpUploadError(`SFTP: cannot read the private key file ${settings.privateKeyFile}: ${error.message}`);
        });
  return { ...(password !== undefined ? { password } : {}), ...(privateKey ? { privateKey } : {}), ...(passphrase !== undefined ? { passphrase } : {}) };
}

/**
 * Uploads a local file to the configured remote path: first under a temporary name in the same folder (a dot name
 * ending in .part, which no pickup takes for the real file), then renamed into place, so a half-written file is never
 * seen under the real name. On any failure the temporary file is removed and the real one is left as it was.
 */
export async function uploadFile(
  localPath: string,
  settings: SftpSettings,
  options: { env?: NodeJS.ProcessEnv; logger?: Logger } = {},
): Promise<UploadResult> {
  const where = `sftp://${settings.username}@${settings.host}:${settings.port}${settings.remotePath}`;
  const secrets = await credentials(settings, options.env ?? process.env);
  const { size } = await stat(localPath);
  const remotePath = settings.remotePath;
  const temporary = posix.join(posix.dirname(remotePath), `.${posix.basename(remotePath)}.${randomBytes(6).toString("hex")}.part`);
  const client = new SftpClient("oneroster-export");
  const log = options.logger?.child({ host: settings.host, port: settings.port, remotePath });
  let connected = false;
  try {
    await client.connect({
      host: settings.host,
      port: settings.port,
      username: settings.username,
      ...secrets,
      readyTimeout: 20_000,
      ...(settings.hostKeySha256 ? { hostVerifier: (key: Buffer) => fingerprint(key) === settings.hostKeySha256!.replace(/^SHA256:/, "") } : {}),
    });
    connected = true;
    log?.info({ bytes: size }, "SFTP upload started");
    // fastPut, not put: ssh2's write stream drops the error of a failed write (a full disk) and ends as if complete.
    await client.fastPut(localPath, temporary);
    const uploaded = await client.stat(temporary);
    if (uploaded.size !== size) throw new Error(`the server holds ${uploaded.size} of the ${size} bytes sent`);
    // SFTP's rename does not replace an existing file: the previous upload goes just before the new one takes its name.
    if ((await client.exists(remotePath)) !== false) await client.delete(remotePath);
    await client.rename(temporary, remotePath);
    log?.info({ bytes: size }, "SFTP upload finished");
    return { remotePath, bytes: size };
  } catch (error) {
    if (connected) await client.delete(temporary, true).catch(() => undefined);
    throw new SftpUploadError(`SFTP upload to ${where} failed: ${reason(error)}`, { cause: error });
  } finally {
    await client.end().catch(() => undefined);
  }
}

function fingerprint(key: Buffer): string {
  return createHash("sha256").update(key).digest("base64").replace(/=+$/, "");
}

/** The cause without ssh2-sftp-client's "fastPut: …" prefixes and its local path. */
function reason(error: unknown): string {
  const message = (error as Error)?.message ?? String(error);
  return message
    .replace(/^(?:[\w-]+(?:->[\w-]+)*: )+/, "")
    .replace(/^(?:Re-thrown|Write stream error): /, "")
    .replace(/\s+Local: [\s\S]*$/, "");
}
