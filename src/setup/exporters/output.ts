import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { SftpSettings } from "../../../exporters/sftp/settings.ts";
import type { KindContext } from "../kind.ts";

/** Where a file exporter writes: its `out`, or (uploading only) a zip in a temporary folder removed afterwards. */
export async function exportOutput(out: string | undefined, defaultName: string, context: KindContext): Promise<{ path: string; cleanup: () => Promise<void> }> {
  if (out !== undefined) return { path: context.path(out), cleanup: async () => {} };
  const folder = await mkdtemp(join(tmpdir(), "oneroster-export-"));
  return { path: join(folder, defaultName), cleanup: () => rm(folder, { recursive: true, force: true }) };
}

/** The SFTP settings with the key file's path made absolute. */
export function sftpWithPaths(sftp: SftpSettings, context: KindContext): SftpSettings {
  return sftp.privateKeyFile === undefined ? sftp : { ...sftp, privateKeyFile: context.path(sftp.privateKeyFile) };
}

/** A file exporter needs somewhere to put its files: `out`, or an SFTP upload (then `out`, if given, is a zip). */
export function outputProblems(entry: { out?: string | undefined; settings: { sftp?: unknown } }): Array<{ path: PropertyKey[]; message: string }> {
  if (entry.out === undefined && entry.settings.sftp === undefined) return [{ path: ["out"], message: "say where the files go: out (a folder or a .zip), or settings.sftp to upload them" }];
  if (entry.out !== undefined && entry.settings.sftp !== undefined && !entry.out.toLowerCase().endsWith(".zip")) {
    return [{ path: ["out"], message: `an upload needs a zip; ${entry.out} does not end in .zip` }];
  }
  return [];
}
