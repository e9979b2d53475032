import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { SettingsError, type Settings } from "../../config/env.ts";
import type { Logger } from "../../log/logger.ts";

const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;

export class SecretBoxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SecretBoxError";
  }
}

/** AES-256-GCM of short secrets (API client secrets), stored as base64 of iv + tag + ciphertext. */
export class SecretBox {
  readonly #key: Buffer;

  constructor(key: Uint8Array) {
    if (key.length !== KEY_BYTES) throw new SecretBoxError(`a secret key has ${KEY_BYTES} bytes, not ${key.length}`);
    this.#key = Buffer.from(key);
  }

  /** `context` is bound to the ciphertext (GCM additional data), so a sealed value copied to another row fails to open. */
  seal(plaintext: string, context = ""): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv("aes-256-gcm", this.#key, iv);
    cipher.setAAD(Buffer.from(context, "utf8"));
    const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString("base64");
  }

  open(sealed: string, context = ""): string {
    const bytes = Buffer.from(sealed, "base64");
    if (bytes.length < IV_BYTES + TAG_BYTES) throw new SecretBoxError("the sealed secret is too short to be one");
    const decipher = createDecipheriv("aes-256-gcm", this.#key, bytes.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(context, "utf8"));
    decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    try {
      return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString("utf8");
    } catch {
      throw new SecretBoxError("the sealed secret does not open: it was altered, or sealed with another key");
    }
  }

  /** A key of its own for one purpose (e.g. signing access tokens), so every replica sharing the secret key shares it. */
  deriveKey(purpose: string, bytes = KEY_BYTES): Uint8Array {
    return new Uint8Array(hkdfSync("sha256", this.#key, Buffer.alloc(0), `oneroster-server ${purpose}`, bytes));
  }
}

function decodeKey(text: string, where: string): Buffer {
  const key = Buffer.from(text.trim(), "base64");
  if (key.length !== KEY_BYTES) throw new SettingsError(`${where} does not hold the base64 of ${KEY_BYTES} bytes`);
  return key;
}

/** The key in <dataDir>/secret.key, made on first use: embedded mode works with no setup. */
function keyFileOf(dataDir: string, logger: Logger): Buffer {
  const path = join(dataDir, "secret.key");
  mkdirSync(dataDir, { recursive: true });
  try {
    writeFileSync(path, `${randomBytes(KEY_BYTES).toString("base64")}\n`, { flag: "wx", mode: 0o600 });
    logger.warn(
      { path },
      "ONEROSTER_SECRET_KEY is not set: generated a secret key in the data folder. API client secrets are encrypted with it; keep it with the data",
    );
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  return decodeKey(readFileSync(path, "utf8"), `the key file ${path}`);
}

/**
 * The key that encrypts API client secrets and signs access tokens: ONEROSTER_SECRET_KEY, else (embedded database
 * only) a key file in the data folder. With PostgreSQL the variable is required, because every replica must share it.
 */
export function resolveSecretKey(
  settings: Pick<Settings, "ONEROSTER_SECRET_KEY" | "DATABASE_URL" | "DATA_DIR">,
  logger: Logger,
): Buffer {
  if (settings.ONEROSTER_SECRET_KEY) return decodeKey(settings.ONEROSTER_SECRET_KEY, "ONEROSTER_SECRET_KEY");
  if (settings.DATABASE_URL) {
    throw new SettingsError(
      "environment variable ONEROSTER_SECRET_KEY is not set: with DATABASE_URL it is required, and every server " +
        "and CLI sharing the database must use the same value (make one with: openssl rand -base64 32)",
    );
  }
  return keyFileOf(settings.DATA_DIR, logger);
}

export function secretBoxFromSettings(
  settings: Pick<Settings, "ONEROSTER_SECRET_KEY" | "DATABASE_URL" | "DATA_DIR">,
  logger: Logger,
): SecretBox {
  return new SecretBox(resolveSecretKey(settings, logger));
}
