import { closeSync, fstatSync, openSync, readSync, statSync, type Stats } from "node:fs";
import type { AddressInfo } from "node:net";
import { join, posix } from "node:path";
import ssh2 from "ssh2";

const { Server, utils } = ssh2;
const { STATUS_CODE, OPEN_MODE } = utils.sftp;

/**
 * A loopback SFTP server that serves the files of a folder for download (password authentication), because the
 * shared fake in test/fakes/sftp only takes uploads. It answers what a download asks: REALPATH, STAT, OPEN for
 * reading, FSTAT, READ and CLOSE.
 */
export async function startDownloadSftpServer(options: { root: string; username: string; password: string }): Promise<{ port: number; hostKeySha256: string; close(): Promise<void> }> {
  const hostKey = utils.generateKeyPairSync("ed25519");
  const parsed = utils.parseKey(hostKey.private);
  if (parsed instanceof Error || Array.isArray(parsed)) throw new Error("host key");
  const { createHash } = await import("node:crypto");
  const hostKeySha256 = createHash("sha256").update(parsed.getPublicSSH()).digest("base64").replace(/=+$/, "");
  const local = (remote: string) => join(options.root, posix.normalize(posix.join("/", remote)));
  const attrsOf = (s: Stats) => ({ mode: s.mode, uid: s.uid, gid: s.gid, size: s.size, atime: Math.floor(s.atimeMs / 1000), mtime: Math.floor(s.mtimeMs / 1000) });
  const clients = new Set<ssh2.Connection>();
  const server = new Server({ hostKeys: [hostKey.private] }, (client) => {
    clients.add(client);
    client.on("close", () => clients.delete(client));
    // A client that refuses the host key ends the handshake: nothing to do here.
    client.on("error", () => {});
    client.on("authentication", (ctx) => {
      if (ctx.username === options.username && ctx.method === "password" && ctx.password === options.password) return ctx.accept();
      ctx.reject(["password"]);
    });
    client.on("ready", () => {
      client.on("session", (acceptSession) => {
        acceptSession().on("sftp", (acceptSftp) => {
          const sftp = acceptSftp();
          const handles = new Map<number, number>();
          let next = 1;
          const fdOf = (handle: Buffer) => handles.get(handle.length === 4 ? handle.readUInt32BE(0) : -1);
          const fail = (reqId: number, error: unknown) =>
            sftp.status(reqId, (error as NodeJS.ErrnoException).code === "ENOENT" ? STATUS_CODE.NO_SUCH_FILE : STATUS_CODE.FAILURE, (error as Error).message);
          sftp.on("REALPATH", (reqId, path) => {
            const full = posix.normalize(posix.join("/", path));
            sftp.name(reqId, [{ filename: full, longname: full, attrs: {} as never }]);
          });
          sftp.on("STAT", (reqId, path) => {
            try {
              sftp.attrs(reqId, attrsOf(statSync(local(path))));
            } catch (error) {
              fail(reqId, error);
            }
          });
          sftp.on("OPEN", (reqId, filename, flags) => {
            if (flags & OPEN_MODE.WRITE) return sftp.status(reqId, STATUS_CODE.PERMISSION_DENIED, "read only");
            try {
              const id = next++;
              handles.set(id, openSync(local(filename), "r"));
              const handle = Buffer.alloc(4);
              handle.writeUInt32BE(id, 0);
              sftp.handle(reqId, handle);
            } catch (error) {
              fail(reqId, error);
            }
          });
          sftp.on("FSTAT", (reqId, handle) => {
            const fd = fdOf(handle);
            if (fd === undefined) return sftp.status(reqId, STATUS_CODE.FAILURE, "bad handle");
            sftp.attrs(reqId, attrsOf(fstatSync(fd)));
          });
          sftp.on("READ", (reqId, handle, offset, length) => {
            const fd = fdOf(handle);
            if (fd === undefined) return sftp.status(reqId, STATUS_CODE.FAILURE, "bad handle");
            const buffer = Buffer.alloc(length);
            const read = readSync(fd, buffer, 0, length, offset);
            if (read === 0) return sftp.status(reqId, STATUS_CODE.EOF);
            sftp.data(reqId, buffer.subarray(0, read));
          });
          sftp.on("CLOSE", (reqId, handle) => {
            const fd = fdOf(handle);
            if (fd === undefined) return sftp.status(reqId, STATUS_CODE.FAILURE, "bad handle");
            closeSync(fd);
            handles.delete(handle.readUInt32BE(0));
            sftp.status(reqId, STATUS_CODE.OK);
          });
        });
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    hostKeySha256,
    close: async () => {
      for (const client of clients) client.end();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
