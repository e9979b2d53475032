import { localFileStream } from "./file-stream.ts";
import { sftpFileStream } from "./fetch-sftp.ts";
import type { ImsInput } from "./importer.ts";
import type { PlainImsFileSettings } from "./settings.ts";

/** The one file of a plain IMS register: from its local path, or streamed from SFTP. */
export function plainInputs(settings: PlainImsFileSettings, env: NodeJS.ProcessEnv = process.env): ImsInput[] {
  if (settings.sftp) {
    const location = settings.sftp;
    return [{ name: `sftp://${location.host}:${location.port}${location.path}`, kind: "organization", open: () => sftpFileStream(location, env) }];
  }
  const path = settings.file!;
  return [{ name: path, kind: "organization", open: () => localFileStream(path) }];
}
