import { z } from "zod";

/** Where and how a file is uploaded over SFTP. Secrets only by the name of the environment variable holding them. */
export const sftpSettingsSchema = z
  .object({
    host: z.string().min(1),
    port: z.number().int().min(1).max(65535).default(22),
    username: z.string().min(1),
    /** Name of the environment variable holding the password. */
    passwordEnv: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "an environment variable name").optional(),
    /** Path of a private key file (OpenSSH or PEM). */
    privateKeyFile: z.string().min(1).optional(),
    /** Name of the environment variable holding the key's passphrase. */
    passphraseEnv: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "an environment variable name").optional(),
    /** The file's full path on the server, e.g. /dropbox/Archive.zip. */
    remotePath: z.string().min(1).regex(/[^/]$/, "a file path, not a folder"),
    /** The server's host key as its SHA-256 fingerprint (base64, as `ssh-keygen -l` shows it after "SHA256:"); absent: not checked. */
    hostKeySha256: z.string().min(1).optional(),
  })
  .strict()
  .refine((s) => s.passwordEnv !== undefined || s.privateKeyFile !== undefined, {
    message: "give a password (passwordEnv) or a private key (privateKeyFile)",
  });

export type SftpSettings = z.infer<typeof sftpSettingsSchema>;
export type SftpSettingsInput = z.input<typeof sftpSettingsSchema>;
