import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { Readable } from "node:stream";
import { describe, it } from "node:test";
import { verifyPassword } from "../../../src/api/admin-web/password-hash.ts";
import { readFirstLine } from "../../../src/cli/commands/admin.ts";
import { CLI } from "../../helpers/cli.ts";

function runWithStdin(args: string[], stdin: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    // A broken ADMIN_PASSWORD_HASH in the environment must not stop you making a new one.
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, DATABASE_URL: "", ADMIN_PASSWORD_HASH: "broken" } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

describe("oneroster admin hash-password", () => {
  it("prints the hash of the password on the first line of stdin", async () => {
    const { code, stdout, stderr } = await runWithStdin(["admin", "hash-password"], "Rätt häst batteri 1\nignored\n");
    assert.equal(stderr, "");
    assert.equal(code, 0);
    assert.match(stdout, /^scrypt\$32768\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}\n$/);
    assert.equal(await verifyPassword("Rätt häst batteri 1", stdout.trim()), true);
  });

  it("reads the first line without its line ending, CRLF too, or the whole input without one", async () => {
    assert.equal(await readFirstLine(Readable.from(["hem", "ligt\r\nnästa"])), "hemligt");
    assert.equal(await readFirstLine(Readable.from([Buffer.from("utan radslut")])), "utan radslut");
    assert.equal(await readFirstLine(Readable.from([])), "");
  });
});
