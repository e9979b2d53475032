import { z } from "zod";
import { sftpSettingsSchema } from "../sftp/settings.ts";

/** An Apple School Manager export's settings, as the CLI fills them and a setup file will hand them in. */
export const asmSettingsSchema = z
  .object({
    /** "asm-csv": the six ASM files; "oneroster-csv": the OneRoster 1.1 CSV zip, which ASM also accepts. */
    format: z.enum(["asm-csv", "oneroster-csv"]).default("asm-csv"),
    /** Only these schools (sourcedIds); absent: the whole tenant. */
    schools: z.array(z.string().min(1)).min(1).optional(),
    /** students.csv password_policy for new accounts (4, 6 or 8 characters); absent: the location's default. */
    studentPasswordPolicy: z.union([z.literal(4), z.literal(6), z.literal(8)]).optional(),
    /** person_number carries the stored personnummer only with this; otherwise the register's own number. */
    includePersonnummer: z.boolean().default(false),
    /** The SFTP drop ASM gives (Preferences › Directory Sync › SFTP), e.g. upload.appleschoolcontent.com, /dropbox/Archive.zip. */
    sftp: sftpSettingsSchema.optional(),
  })
  .strict();

export type AsmSettings = z.infer<typeof asmSettingsSchema>;
export type AsmSettingsInput = z.input<typeof asmSettingsSchema>;
