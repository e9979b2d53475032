import { z } from "zod";
import { ss12000PresetPassThrough, ss12000SettingsSchema, type Ss12000SettingsInput } from "../ss12000/settings.ts";

/**
 * SchoolSoft's SS 12000 "komplett export" (which SchoolSoft must enable, with GUIDs on users): a preset of the SS 12000
 * importer. Optionally limited to SchoolSoft's "markerad export", the activities teachers selected (for Teams or
 * Classroom): then only those activities become classes, while every person still comes from the complete export.
 */
export const schoolsoftSettingsSchema = z
  .strictObject({
    /** The SS 12000 base URL of the customer's SchoolSoft (its webapp). */
    url: z.url(),
    /** OAuth 2 client credentials, or `tokenEnv` for a static bearer token, whichever SchoolSoft issued. */
    tokenUrl: z.url().optional(),
    clientId: z.string().min(1).optional(),
    clientSecretEnv: z.string().min(1).optional(),
    scope: z.string().min(1).optional(),
    tokenAuth: z.enum(["basic", "body"]).optional(),
    tokenEnv: z.string().min(1).optional(),
    /** Only the activities of the marked export become classes. */
    markedExport: z
      .strictObject({
        /** The SS 12000 base URL that lists the marked activities (same credentials). */
        url: z.url(),
        /** Also make homeroom classes of the Klass groups (off: the marked activities are the classes). */
        homerooms: z.boolean().default(false),
      })
      .optional(),
    ...ss12000PresetPassThrough,
  })
  .transform(({ markedExport, ...rest }): Ss12000SettingsInput => ({
    ...rest,
    filters: {
      requirePersonUuids: true,
      ...(markedExport ? { activitiesListedAt: markedExport.url, homerooms: markedExport.homerooms } : {}),
    },
  }))
  .pipe(ss12000SettingsSchema);

export type SchoolsoftSettingsInput = z.input<typeof schoolsoftSettingsSchema>;
