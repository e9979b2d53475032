import { timingSafeEqual } from "node:crypto";
import { closeSync, existsSync, fstatSync, lstatSync, mkdirSync, mkdtempSync, openSync, readdirSync, renameSync, rmSync, statSync, unlinkSync, writeSync, type Stats } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join, posix } from "node:path";
import ssh2 from "ssh2";

const { Server, utils } = ssh2;
const { STATUS_CODE, OPEN_MODE } = utils.sftp;

export interface FakeSftpOptions {
  username: string;
  /** Accepted password; absent: password authentication fails. */
  password?: string;
  /** Accepted public key (OpenSSH "ssh-ed25519 AAAA…" line); absent: key authentication fails. */
  publicKey?: string;
  /** Writes fail with "disk full" once this many bytes have been written in all (a full disk). */
  diskFullAfterBytes?: number;
}

export interface FakeSftpServer {
  host: string;
  port: number;
  /** The server's files: remote "/" is this folder. */
  root: string;
  /** The host key's public half, as ssh2 hands it to a hostVerifier. */
  hostPublicKey: Buffer;
  /** Every file under the root, as remote paths, sorted. */
  files(): string[];
  /** Remote paths of every file ever opened for writing, in order. */
  readonly written: string[];
  setDiskFullAfterBytes(bytes: number | undefined): void;
  close(): Promise<void>;
}

/**
 * A real SFTP server on 127.0.0.1 (ssh2's Server) over a temporary folder, for tests of uploads: password and
 * public-key authentication, the requests an upload makes (open, write, close, stat, remove, rename, realpath), and a
 * switch that makes writes fail with "disk full" after N bytes. Like OpenSSH's, RENAME does not replace a file.
 */
export async function startFakeSftpServer(options: FakeSftpOptions): Promise<FakeSftpServer> {
  const root = mkdtempSync(join(tmpdir(), "fake-sftp-"));
  const hostKey = utils.generateKeyPairSync("ed25519");
  const allowedKey = options.publicKey ? utils.parseKey(options.publicKey) : undefined;
  if (allowedKey instanceof Error) throw allowedKey;
  let diskFullAfter = options.diskFullAfterBytes;
  let bytesWritten = 0;
  const written: string[] = [];

  const local = (remote: string) => join(root, posix.normalize(posix.join("/", remote)));
  const same = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

  const clients = new Set<ssh2.Connection>();
  const server = new Server({ hostKeys: [hostKey.private] }, (client) => {
    clients.add(client);
    client.on("close", () => clients.delete(client));
    client.on("authentication", (ctx) => {
      if (ctx.username !== options.username) return ctx.reject();
      if (ctx.method === "password" && options.password !== undefined && same(ctx.password, options.password)) return ctx.accept();
      if (ctx.method === "publickey" && allowedKey && !Array.isArray(allowedKey)) {
        const matches = ctx.key.algo === allowedKey.type && allowedKey.getPublicSSH().equals(ctx.key.data);
        if (matches && (!ctx.signature || allowedKey.verify(ctx.blob!, ctx.signature, ctx.hashAlgo) === true)) return ctx.accept();
      }
      ctx.reject(["password", "publickey"]);
    });
    client.on("ready", () => {
      client.on("session", (acceptSession) => {
        const session = acceptSession();
        session.on("sftp", (acceptSftp) => {
          const sftp = acceptSftp();
          const handles = new Map<number, { fd: number; path: string }>();
          let nextHandle = 1;
          const handleOf = (buffer: Buffer) => handles.get(buffer.length === 4 ? buffer.readUInt32BE(0) : -1);
          const fail = (reqId: number, error: unknown) =>
            sftp.status(reqId, (error as NodeJS.ErrnoException).code === "ENOENT" ? STATUS_CODE.NO_SUCH_FILE : STATUS_CODE.FAILURE, (error as Error).message);
          const attrsOf = (s: Stats) => ({ mode: s.mode, uid: s.uid, gid: s.gid, size: s.size, atime: Math.floor(s.atimeMs / 1000), mtime: Math.floor(s.mtimeMs / 1000) });

          sftp.on("REALPATH", (reqId, path) => {
            const full = posix.normalize(posix.join("/", path));
            sftp.name(reqId, [{ filename: full, longname: full, attrs: {} as never }]);
          });
          sftp.on("OPEN", (reqId, filename, flags) => {
            try {
              if (!(flags & OPEN_MODE.WRITE)) throw Object.assign(new Error("this server only takes uploads"), { code: "EPERM" });
              const fd = openSync(local(filename), flags & OPEN_MODE.EXCL ? "wx" : "w");
              const id = nextHandle++;
              handles.set(id, { fd, path: filename });
              written.push(posix.normalize(posix.join("/", filename)));
              const handle = Buffer.alloc(4);
              handle.writeUInt32BE(id, 0);
              sftp.handle(reqId, handle);
            } catch (error) {
              fail(reqId, error);
            }
          });
          sftp.on("WRITE", (reqId, handle, offset, data) => {
            const open = handleOf(handle);
            if (!open) return sftp.status(reqId, STATUS_CODE.FAILURE, "bad handle");
            if (diskFullAfter !== undefined && bytesWritten + data.length > diskFullAfter) {
              // What fits is written, as on a real disk, then the write fails.
              const room = Math.max(0, diskFullAfter - bytesWritten);
              if (room > 0) writeSync(open.fd, data, 0, room, offset);
              bytesWritten += room;
              return sftp.status(reqId, STATUS_CODE.FAILURE, "No space left on device (disk full)");
            }
            writeSync(open.fd, data, 0, data.length, offset);
            bytesWritten += data.length;
            sftp.status(reqId, STATUS_CODE.OK);
          });
          sftp.on("CLOSE", (reqId, handle) => {
            const open = handleOf(handle);
            if (!open) return sftp.status(reqId, STATUS_CODE.FAILURE, "bad handle");
            closeSync(open.fd);
            handles.delete(handle.readUInt32BE(0));
            sftp.status(reqId, STATUS_CODE.OK);
          });
          sftp.on("FSTAT", (reqId, handle) => {
            const open = handleOf(handle);
            if (!open) return sftp.status(reqId, STATUS_CODE.FAILURE, "bad handle");
            sftp.attrs(reqId, attrsOf(fstatSync(open.fd)));
          });
          sftp.on("FSETSTAT", (reqId) => sftp.status(reqId, STATUS_CODE.OK));
          sftp.on("SETSTAT", (reqId) => sftp.status(reqId, STATUS_CODE.OK));
          for (const request of ["STAT", "LSTAT"] as const) {
            sftp.on(request, (reqId: number, path: string) => {
              try {
                sftp.attrs(reqId, attrsOf(request === "STAT" ? statSync(local(path)) : lstatSync(local(path))));
              } catch (error) {
                fail(reqId, error);
              }
            });
          }
          sftp.on("REMOVE", (reqId, path) => {
            try {
              unlinkSync(local(path));
              sftp.status(reqId, STATUS_CODE.OK);
            } catch (error) {
              fail(reqId, error);
            }
          });
          sftp.on("RENAME", (reqId, from, to) => {
            try {
              if (existsSync(local(to))) throw new Error("file exists");
              renameSync(local(from), local(to));
              sftp.status(reqId, STATUS_CODE.OK);
            } catch (error) {
              fail(reqId, error);
            }
          });
          sftp.on("MKDIR", (reqId, path) => {
            try {
              mkdirSync(local(path));
              sftp.status(reqId, STATUS_CODE.OK);
            } catch (error) {
              fail(reqId, error);
            }
          });
          sftp.on("OPENDIR", (reqId) => sftp.status(reqId, STATUS_CODE.OP_UNSUPPORTED));
          sftp.on("READ", (reqId) => sftp.status(reqId, STATUS_CODE.OP_UNSUPPORTED));
          sftp.on("EXTENDED", (reqId) => sftp.status(reqId, STATUS_CODE.OP_UNSUPPORTED));
          sftp.on("close", () => {
            for (const open of handles.values()) closeSync(open.fd);
            handles.clear();
          });
        });
      });
    });
    client.on("error", () => undefined);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const hostPublicKey = (() => {
    const parsed = utils.parseKey(hostKey.public);
    if (parsed instanceof Error || Array.isArray(parsed)) throw new Error("cannot read the generated host key");
    return parsed.getPublicSSH();
  })();

  const files = (folder = root, prefix = "/"): string[] =>
    readdirSync(folder, { withFileTypes: true })
      .flatMap((entry) => (entry.isDirectory() ? files(join(folder, entry.name), `${prefix}${entry.name}/`) : [`${prefix}${entry.name}`]))
      .sort();

  return {
    host: "127.0.0.1",
    port,
    root,
    hostPublicKey,
    files: () => files(),
    written,
    setDiskFullAfterBytes: (bytes) => {
      diskFullAfter = bytes;
      bytesWritten = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          rmSync(root, { recursive: true, force: true });
          resolve();
        });
        // Connections a failed test left open must not keep the server up.
        for (const client of clients) client.end();
      }),
  };
}
