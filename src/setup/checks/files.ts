import { constants } from "node:fs";
import { access, stat } from "node:fs/promises";
import { dirname } from "node:path";

/** The file exists and can be read. */
export async function readableFile(path: string): Promise<string> {
  const info = await stat(path).catch(() => undefined);
  if (!info?.isFile()) throw new Error(`${path}: no such file`);
  await access(path, constants.R_OK).catch(() => Promise.reject(new Error(`${path}: not readable`)));
  return `${path} is readable (${info.size} bytes)`;
}

/** The folder a file (or folder) will be written into exists and can be written. */
export async function writableTarget(path: string): Promise<string> {
  const folder = dirname(path);
  if (!(await stat(folder).then((s) => s.isDirectory(), () => false))) throw new Error(`${folder}: no such folder`);
  await access(folder, constants.W_OK).catch(() => Promise.reject(new Error(`${folder}: not writable`)));
  return `${folder} is writable`;
}
