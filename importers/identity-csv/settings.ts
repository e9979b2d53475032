import { z } from "zod";

/**
 * An identity source: a CSV export (typically from Active Directory or Entra ID) that gives users the cloud e-mail and
 * username their register lacks, matched on one key.
 */
export const identityCsvSettingsSchema = z.object({
  /** Path of the CSV file (UTF-8, with a header row; comma or semicolon separated). */
  file: z.string().min(1),
  /** What the key column holds: a personnummer, an employee or student number (an SS 12000 external identifier), or the register's person id. */
  matchBy: z.enum(["personnummer", "externalIdentifier", "sourcedId"]),
  /** With matchBy externalIdentifier: only identifiers of this context (e.g. https://exempelby.se/personalnummer). */
  identifierContext: z.string().optional(),
  columns: z.object({
    key: z.string().min(1),
    email: z.string().min(1).optional(),
    username: z.string().min(1).optional(),
  }).refine((c) => c.email !== undefined || c.username !== undefined, { message: "name an email or a username column (or both)" }),
});

export type IdentityCsvSettings = z.infer<typeof identityCsvSettingsSchema>;
