import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { resolveSecretKey, SecretBox, SecretBoxError } from "../../../src/api/auth/secret-box.ts";
import { SettingsError } from "../../../src/config/env.ts";
import { createLogger } from "../../../src/log/logger.ts";

const silent = createLogger("silent");

describe("secret box", () => {
  const box = new SecretBox(randomBytes(32));

  it("opens what it sealed, and a new nonce makes every sealing differ", () => {
    const a = box.seal("s3cret-åäö", "client-1");
    assert.notEqual(a, box.seal("s3cret-åäö", "client-1"));
    assert.equal(box.open(a, "client-1"), "s3cret-åäö");
  });

  it("refuses a sealed value moved to another row, altered, or opened with another key", () => {
    const sealed = box.seal("secret", "client-1");
    assert.throws(() => box.open(sealed, "client-2"), SecretBoxError);
    const bytes = Buffer.from(sealed, "base64");
    bytes[bytes.length - 1]! ^= 1;
    assert.throws(() => box.open(bytes.toString("base64"), "client-1"), /altered, or sealed with another key/);
    assert.throws(() => new SecretBox(randomBytes(32)).open(sealed, "client-1"), SecretBoxError);
  });

  it("derives one key per purpose, the same for the same secret key", () => {
    const key = randomBytes(32);
    assert.deepEqual(new SecretBox(key).deriveKey("a"), new SecretBox(key).deriveKey("a"));
    assert.notDeepEqual(new SecretBox(key).deriveKey("a"), new SecretBox(key).deriveKey("b"));
  });
});

describe("the secret key", () => {
  it("comes from ONEROSTER_SECRET_KEY when set", () => {
    const key = randomBytes(32);
    assert.deepEqual(resolveSecretKey({ ONEROSTER_SECRET_KEY: key.toString("base64"), DATABASE_URL: "postgres://x", DATA_DIR: "/nonexistent" }, silent), key);
  });

  it("is required with DATABASE_URL, since replicas must share it", () => {
    assert.throws(() => resolveSecretKey({ ONEROSTER_SECRET_KEY: undefined, DATABASE_URL: "postgres://x", DATA_DIR: "/nonexistent" }, silent), SettingsError);
  });

  it("is made once in the embedded data folder, readable only by its owner, and reused", () => {
    const dir = mkdtempSync(join(tmpdir(), "oneroster-key-"));
    try {
      const settings = { ONEROSTER_SECRET_KEY: undefined, DATABASE_URL: undefined, DATA_DIR: join(dir, "data") };
      const first = resolveSecretKey(settings, silent);
      assert.equal(first.length, 32);
      assert.equal(statSync(join(dir, "data", "secret.key")).mode & 0o777, 0o600);
      assert.equal(readFileSync(join(dir, "data", "secret.key"), "utf8"), `${first.toString("base64")}\n`);
      assert.deepEqual(resolveSecretKey(settings, silent), first);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
