import assert from "node:assert/strict";
import { scryptSync } from "node:crypto";
import { describe, it } from "node:test";
import { hashPassword, parsePasswordHash, PasswordHashError, verifyPassword } from "../../../src/api/admin-web/password-hash.ts";
import { escapeHtml, html, path } from "../../../src/api/admin-web/html.ts";
import { readSettings, SettingsError } from "../../../src/config/env.ts";

describe("admin password hashes", () => {
  it("hashes in the documented form scrypt$N$r$p$salt$hash and verifies only the same password", async () => {
    const hash = await hashPassword("Sommar2026!", { N: 1024, r: 8, p: 1 });
    assert.match(hash, /^scrypt\$1024\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    assert.equal(await verifyPassword("Sommar2026!", hash), true);
    assert.equal(await verifyPassword("sommar2026!", hash), false);
    assert.equal(await verifyPassword("", hash), false);
    assert.notEqual(await hashPassword("Sommar2026!", { N: 1024, r: 8, p: 1 }), hash, "a new salt every time");
  });

  it("is plain scrypt of the password, so the hash is independent of this code", async () => {
    const hash = await hashPassword("lösen", { N: 16, r: 1, p: 1 });
    const [, , , , salt, digest] = hash.split("$");
    const expected = scryptSync("lösen", Buffer.from(salt!, "base64url"), 32, { N: 16, r: 1, p: 1 });
    assert.equal(digest, expected.toString("base64url"));
  });

  it("uses N = 2^15, r = 8, p = 1 by default", async () => {
    assert.match(await hashPassword("x"), /^scrypt\$32768\$8\$1\$/);
  });

  it("refuses malformed hashes with a reason, and an empty password", async () => {
    const salt = "AAAAAAAAAAAAAAAAAAAAAA";
    const digest = "A".repeat(43);
    for (const [text, why] of [
      ["bcrypt$2b$10$abc", /not of the form scrypt\$N\$r\$p\$salt\$hash/],
      [`scrypt$1000$8$1$${salt}$${digest}`, /N must be a power of two/],
      [`scrypt$${2 ** 22}$8$1$${salt}$${digest}`, /N must be a power of two from 2 to 1048576/],
      [`scrypt$1024$0$1$${salt}$${digest}`, /r must be 1 to 32/],
      [`scrypt$1024$8$99$${salt}$${digest}`, /p must be 1 to 16/],
      [`scrypt$1024$8$1$${salt}$AAAA`, /a 32-byte hash/],
    ] as const) {
      assert.throws(() => parsePasswordHash(text), (error: unknown) => error instanceof PasswordHashError && why.test(error.message), text);
    }
    await assert.rejects(hashPassword(""), /the password is empty/);
  });

  it("is read from ADMIN_PASSWORD_HASH, whose value is never echoed in an error", async () => {
    const hash = await hashPassword("x", { N: 16, r: 1, p: 1 });
    assert.equal(readSettings({ ADMIN_PASSWORD_HASH: hash }).ADMIN_PASSWORD_HASH, hash);
    assert.equal(readSettings({}).ADMIN_PASSWORD_HASH, undefined);
    assert.equal(readSettings({}).ADMIN_USER, "admin");
    assert.throws(
      () => readSettings({ ADMIN_PASSWORD_HASH: "hunter2" }),
      (error: unknown) =>
        error instanceof SettingsError &&
        error.message === "environment variable ADMIN_PASSWORD_HASH=(hidden): must be a hash printed by: oneroster admin hash-password",
    );
  });
});

describe("admin page HTML", () => {
  it("escapes every interpolated value, keeps html fragments, and encodes path segments", () => {
    assert.equal(escapeHtml(`<a href="x">'&'</a>`), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
    const name = "<b>Ek & Björk</b>";
    assert.equal(html`<td>${name}</td>${html`<i>${"1<2"}</i>`}${[html`<br>`, "<"]}${null}${undefined}`.text, "<td>&lt;b&gt;Ek &amp; Björk&lt;/b&gt;</td><i>1&lt;2</i><br>&lt;");
    assert.equal(path`/admin/tenants/${"a/b?c"}/runs/${"ö"}`, "/admin/tenants/a%2Fb%3Fc/runs/%C3%B6");
  });
});
