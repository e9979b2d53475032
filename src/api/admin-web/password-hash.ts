import { randomBytes, scrypt, type ScryptOptions } from "node:crypto";
import { sameSecret } from "../auth/same-secret.ts";

/**
 * Admin password hashes: `scrypt$N$r$p$salt$hash`, with N (CPU/memory cost, a power of two), r (block size) and
 * p (parallelism) in decimal and salt (16 bytes) and hash (32 bytes) in base64url without padding. The parameters
 * travel with the hash, so stronger defaults later still verify old hashes.
 */
export const DEFAULT_SCRYPT = { N: 2 ** 15, r: 8, p: 1 } as const;
const SALT_BYTES = 16;
const HASH_BYTES = 32;
/** Bounds a hash's parameters must lie in, so a pasted hash cannot make each login take minutes or gigabytes. */
const MAX_N = 2 ** 20;
const MAX_R = 32;
const MAX_P = 16;

export class PasswordHashError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PasswordHashError";
  }
}

interface ParsedHash {
  N: number;
  r: number;
  p: number;
  salt: Buffer;
  hash: Buffer;
}

function derive(password: string, salt: Buffer, params: { N: number; r: number; p: number }): Promise<Buffer> {
  // scrypt needs about 128 * N * r bytes; Node's default ceiling (32 MiB) is just below what N = 2^15, r = 8 takes.
  const options: ScryptOptions = { ...params, maxmem: 256 * params.N * params.r + 1024 * 1024 };
  return new Promise((resolve, reject) => scrypt(password.normalize("NFC"), salt, HASH_BYTES, options, (error, key) => (error ? reject(error) : resolve(key))));
}

/** Reads a stored hash; PasswordHashError says what is wrong with it (never echoing it). */
export function parsePasswordHash(text: string): ParsedHash {
  const parts = text.trim().split("$");
  if (parts.length !== 6 || parts[0] !== "scrypt") throw new PasswordHashError("the password hash is not of the form scrypt$N$r$p$salt$hash");
  const [N, r, p] = parts.slice(1, 4).map((part) => (/^\d+$/.test(part) ? Number(part) : NaN)) as [number, number, number];
  if (!(N >= 2 && N <= MAX_N && (N & (N - 1)) === 0)) throw new PasswordHashError(`the password hash's N must be a power of two from 2 to ${MAX_N}`);
  if (!(r >= 1 && r <= MAX_R)) throw new PasswordHashError(`the password hash's r must be 1 to ${MAX_R}`);
  if (!(p >= 1 && p <= MAX_P)) throw new PasswordHashError(`the password hash's p must be 1 to ${MAX_P}`);
  const salt = Buffer.from(parts[4]!, "base64url");
  const hash = Buffer.from(parts[5]!, "base64url");
  if (salt.length < 8 || hash.length !== HASH_BYTES) throw new PasswordHashError(`the password hash needs a salt of at least 8 bytes and a ${HASH_BYTES}-byte hash`);
  return { N, r, p, salt, hash };
}

/** A new hash of the password with a random salt. */
export async function hashPassword(password: string, params: { N: number; r: number; p: number } = DEFAULT_SCRYPT): Promise<string> {
  if (password.length === 0) throw new PasswordHashError("the password is empty");
  const salt = randomBytes(SALT_BYTES);
  const hash = await derive(password, salt, params);
  return ["scrypt", params.N, params.r, params.p, salt.toString("base64url"), hash.toString("base64url")].join("$");
}

/** Whether the password matches the hash, compared in constant time. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const { hash, salt, ...params } = parsePasswordHash(stored);
  const presented = await derive(password, salt, params);
  return sameSecret(presented.toString("base64url"), hash.toString("base64url"));
}
