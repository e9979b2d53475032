import { z } from "zod";
import { imsMappingSettingsSchema } from "../ims-enterprise/settings.ts";

/**
 * The settings of a Tieto Edlevo source: the Organization API v12 service of each school type (one URL each, e.g.
 * …/GetCompulsorySchoolOrganization), optionally the Personnel API v8 for staff, fetched over HTTPS with a client
 * certificate; or saved answers of those services as local files. Secrets are never values here: only file paths
 * and names of environment variables. See README.md.
 */
export const edlevoSettingsSchema = imsMappingSettingsSchema
  .extend({
    /** Organization API services, one per school type. */
    services: z
      .array(
        z.object({
          /** The complete service, e.g. https://edlevo.example.se/api/organization/v12/GetCompulsorySchoolOrganization */
          url: z.url(),
          /** Its delta service (…OrganizationDelta), for --delta runs. */
          deltaUrl: z.url().optional(),
        }),
      )
      .default([]),
    /** Personnel API v8 service (CompletePersonnel). */
    personnelUrl: z.url().optional(),
    /** The client certificate Edlevo issued (PEM files). */
    tls: z
      .object({
        certFile: z.string().min(1),
        keyFile: z.string().min(1),
        caFile: z.string().min(1).optional(),
        passphraseEnv: z.string().min(1).optional(),
      })
      .optional(),
    /** Instead of services: saved Organization API answers (one per school type), and Personnel API answers. */
    files: z.array(z.string().min(1)).default([]),
    personnelFiles: z.array(z.string().min(1)).default([]),
    timeoutMs: z.number().int().min(1000).default(300_000),
  })
  .refine((s) => s.services.length > 0 || s.files.length > 0, { message: "give services (Organization API URLs) or files (saved answers)" })
  .refine((s) => (s.services.length === 0 && s.personnelUrl === undefined) || s.tls !== undefined, {
    message: "the Edlevo services need tls (certFile and keyFile of the client certificate)",
    path: ["tls"],
  });

export type EdlevoSettings = z.infer<typeof edlevoSettingsSchema>;
export type EdlevoSettingsInput = z.input<typeof edlevoSettingsSchema>;
