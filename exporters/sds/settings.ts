import { z } from "zod";
import { sftpSettingsSchema } from "../sftp/settings.ts";

/**
 * An SDS export's settings, as the CLI fills them and a setup file will hand them in: which format, which schools,
 * which optional files, and where the file set goes.
 */
export const sdsSettingsSchema = z
  .object({
    /** "v2.1": orgs, users, roles, classes, enrollments, academicSessions, courses (+ optional files); "v1": the six classic files. */
    format: z.enum(["v2.1", "v1"]).default("v2.1"),
    /** Only these schools (sourcedIds); absent: the whole tenant. One SDS sync profile per school set. */
    schools: z.array(z.string().min(1)).min(1).optional(),
    /** A username without a domain becomes "username@upnSuffix"; without it such a user is skipped and reported. */
    upnSuffix: z
      .string()
      .regex(/^[^@\s]+\.[^@\s]+$/, "a domain such as skola.exempel.se")
      .optional(),
    /** v2.1: also relationships.csv and the guardians of exported students in users.csv. */
    includeGuardians: z.boolean().default(false),
    /** v2.1: also demographics.csv; v1: the Birthdate column of Student.csv. */
    includeDemographics: z.boolean().default(false),
    /** Only with this does a personnummer leave (v1 State ID); never by default. */
    includePersonnummer: z.boolean().default(false),
    /** The country code of national phone numbers ("070…" → "+4670…"). */
    defaultCountryCode: z.string().regex(/^[1-9]\d{0,2}$/).default("46"),
    /** Where an upload goes (SFTP); the file set is then a zip. */
    sftp: sftpSettingsSchema.optional(),
  })
  .strict();

export type SdsSettings = z.infer<typeof sdsSettingsSchema>;
export type SdsSettingsInput = z.input<typeof sdsSettingsSchema>;
