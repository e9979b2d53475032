import type { Command } from "commander";
import { hashPassword } from "../../api/admin-web/password-hash.ts";
import { CliError } from "../cli-error.ts";

/** The first line of a stream (without its line ending): a password piped in, or typed at a terminal. */
export async function readFirstLine(input: NodeJS.ReadableStream): Promise<string> {
  let text = "";
  for await (const chunk of input) {
    text += typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8");
    if (text.includes("\n")) break;
  }
  return text.split(/\r?\n/)[0]!;
}

/** `oneroster admin hash-password`: prints the ADMIN_PASSWORD_HASH of a password read from stdin. */
export function registerAdmin(program: Command): void {
  const admin = program.command("admin").description("the admin web page at /admin");
  admin
    .command("hash-password")
    .description("read a password (first line of stdin) and print its hash for ADMIN_PASSWORD_HASH")
    .action(async () => {
      // Does not read the settings: a malformed ADMIN_PASSWORD_HASH must not stop you making a new one.
      if (process.stdin.isTTY) process.stderr.write("Password (shown as you type; pipe it in to keep it off the screen): ");
      const password = await readFirstLine(process.stdin);
      if (password === "") throw new CliError("no password: give it on the first line of stdin, e.g. printf '%s\\n' \"$PASSWORD\" | oneroster admin hash-password");
      process.stdout.write(`${await hashPassword(password)}\n`);
    });
}
