import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { posix } from "node:path";
import SftpClient from "ssh2-sftp-client";
import type { SftpSettings } from "../../../exporters/sftp/settings.ts";
import type { SftpLocation } from "../../../importers/ims-enterprise/settings.ts";

function secret(env: NodeJS.ProcessEnv, name: string | undefined): string | undefined {
  if (name === undefined) return undefined;
  const value = env[name];
  if (!value) throw new Error(`the environment variable ${name} is not set`);
  return value;
}

interface SftpLogin {
  host: string;
  port: number;
  username: string;
  passwordEnv?: string | undefined;
  privateKeyFile?: string | undefined;
  passphraseEnv?: string | undefined;
  hostKeySha256?: string | undefined;
}

/** Logs in with the entry's own credentials, does `work`, and logs out. */
async function withSftp<T>(login: SftpLogin, env: NodeJS.ProcessEnv, work: (client: SftpClient) => Promise<T>): Promise<T> {
  const password = secret(env, login.passwordEnv);
  const passphrase = secret(env, login.passphraseEnv);
  const privateKey = login.privateKeyFile === undefined ? undefined : await readFile(login.privateKeyFile);
  const fingerprint = (value: string) => value.replace(/^SHA256:/, "").replace(/=+$/, "");
  const client = new SftpClient("oneroster-check");
  try {
    await client.connect({
      host: login.host,
      port: login.port,
      username: login.username,
      ...(password !== undefined ? { password } : {}),
      ...(privateKey ? { privateKey } : {}),
      ...(passphrase !== undefined ? { passphrase } : {}),
      readyTimeout: 10_000,
      ...(login.hostKeySha256 ? { hostVerifier: (key: Buffer) => fingerprint(createHash("sha256").update(key).digest("base64")) === fingerprint(login.hostKeySha256!) } : {}),
    });
    return await work(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Logs in with the upload's own credentials and finds the folder the upload goes to; changes nothing. */
export async function checkSftp(settings: SftpSettings, env: NodeJS.ProcessEnv): Promise<string> {
  const folder = posix.dirname(settings.remotePath);
  return withSftp(settings, env, async (client) => {
    // stat, not a listing: upload drops (Apple's among them) may let a client write without listing the folder.
    const where = `sftp://${settings.username}@${settings.host}:${settings.port}${folder}`;
    if ((await client.exists(folder)) !== "d") throw new Error(`${where}: no such folder on the server`);
    return `logged in; ${where} is a folder`;
  });
}

/** Logs in with a source's credentials and finds the file it fetches; reads nothing of it. */
export async function checkSftpFile(location: SftpLocation, env: NodeJS.ProcessEnv): Promise<string> {
  return withSftp(location, env, async (client) => {
    const where = `sftp://${location.username}@${location.host}:${location.port}${location.path}`;
    if ((await client.exists(location.path)) !== "-") throw new Error(`${where}: no such file on the server`);
    const { size } = await client.stat(location.path);
    return `logged in; ${where} is there (${size} bytes)`;
  });
}
