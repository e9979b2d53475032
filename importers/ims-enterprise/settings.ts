import { z } from "zod";

const monthDay = z.string().regex(/^\d{2}-\d{2}$/, "MM-DD");

/**
 * How an IMS Enterprise 1.1 file is read and mapped, shared by every register that speaks it (Edlevo, Alvis, IST
 * Extens IMS export). The register settings (importers/edlevo, alvis, ist-ims) add where the files come from and
 * set the dialect.
 */
export const imsMappingSettingsSchema = z.object({
  /** "auto": the byte order mark, else the XML declaration, else UTF-8. */
  encoding: z.enum(["auto", "utf-8", "iso-8859-1", "windows-1252", "utf-16le", "utf-16be"]).default("auto"),
  /** "store" keeps personnummer as a user identifier; the default never stores it. */
  personnummer: z.enum(["omit", "store"]).default("omit"),
  /** userid types (useridtype) that hold a personnummer. */
  personnummerUserIdTypes: z.array(z.string()).default(["PID", "personnummer", "Personnummer", "SSN", "civicNo"]),
  /** userid types that hold the login name (the username), first match wins; else the school e-mail. "" is a userid without a type, which IMS 1.1 means as the login. */
  usernameUserIdTypes: z.array(z.string()).default(["username", "Username", "UserName", "UID", "login", ""]),
  /** grouptype typevalues of schools (Tieto: Unit). A plain group that holds other groups is a school too. */
  schoolGroupTypes: z.array(z.string()).default(["Unit", "School", "Skola", "Skolenhet", "Enhet"]),
  /** typevalues of homeroom classes (klass). */
  homeroomGroupTypes: z.array(z.string()).default(["Class", "Klass"]),
  /** typevalues of teaching groups (scheduled classes); empty: every group that is neither a school, a homeroom nor ignored. */
  scheduledGroupTypes: z.array(z.string()).default([]),
  /** typevalues that never become classes (Tieto's contact, schedule and other groups). */
  ignoredGroupTypes: z
    .array(z.string())
    .default(["ContactGroup", "ScheduleGroup", "OtherGroup", "MentorGroup", "ExamGroup", "Department", "DepartmentGroup", "Organization", "Area"]),
  /**
   * The school of groups the file links to none (no membership, relationship or org): e.g. a one-school export.
   * `id` becomes the org's identifier (a skolenhetskod, say).
   */
  defaultSchool: z.object({ id: z.string().min(1), name: z.string().min(1) }).optional(),
  /** Import birth date and sex as demographics (off by default: data minimisation). */
  demographics: z.boolean().default(false),
  /** Terms for groups without dates, and the terms dated groups fall in (HT autumn, VT spring). */
  terms: z
    .object({
      autumn: z.object({ start: monthDay.default("07-01"), end: monthDay.default("12-31") }).prefault({}),
      spring: z.object({ start: monthDay.default("01-01"), end: monthDay.default("06-30") }).prefault({}),
    })
    .prefault({}),
});

export type ImsMappingSettings = z.infer<typeof imsMappingSettingsSchema>;

/** Where one file comes from: a local path, or SFTP (password or key from the environment / a file). */
export const sftpLocationSchema = z.object({
  host: z.string().min(1),
  port: z.number().int().min(1).max(65535).default(22),
  username: z.string().min(1),
  passwordEnv: z.string().min(1).optional(),
  privateKeyFile: z.string().min(1).optional(),
  /** Remote path of the file. */
  path: z.string().min(1),
  /** SHA-256 of the server's host key (base64, as `ssh-keygen -lf` prints it without "SHA256:"); absent: any key. */
  hostKeySha256: z.string().min(1).optional(),
});

export type SftpLocation = z.infer<typeof sftpLocationSchema>;

/** A register that drops one plain IMS Enterprise file (Alvis, IST Extens IMS export): a local path or SFTP. */
export const plainImsFileSettingsSchema = imsMappingSettingsSchema
  .extend({
    /** A local path of the export. */
    file: z.string().min(1).optional(),
    /** Or where to fetch it by SFTP. */
    sftp: sftpLocationSchema.optional(),
  })
  .refine((s) => (s.file === undefined) !== (s.sftp === undefined), { message: "give either file (a local path) or sftp (where to fetch it)" })
  .refine((s) => s.sftp === undefined || s.sftp.passwordEnv !== undefined || s.sftp.privateKeyFile !== undefined, {
    message: "sftp needs passwordEnv or privateKeyFile",
    path: ["sftp"],
  });

export type PlainImsFileSettings = z.infer<typeof plainImsFileSettingsSchema>;
export type PlainImsFileSettingsInput = z.input<typeof plainImsFileSettingsSchema>;
