import { z } from "zod";
import { ss12000PresetPassThrough, ss12000SettingsSchema, type Ss12000SettingsInput } from "../ss12000/settings.ts";

/** IST's token endpoint for EduCloud (client credentials), as IST's EduCloud guide gives it. */
export const EDUCLOUD_TOKEN_URL = "https://skolid.se/connect/token";

/** EduCloud's SS 12000 base URL of one customer (e.g. SE00100), as IST's EduCloud pages show it. */
export function educloudUrl(customerId: string): string {
  return `https://api.ist.com/ss12000v2-api/source/${encodeURIComponent(customerId)}/v2.0`;
}

/**
 * IST Extens / IST Administration read through EduCloud, IST's SS 12000 v2 API: a preset of the SS 12000 importer.
 * It resolves to the SS 12000 importer's settings: EduCloud's token flow (client credentials posted as form fields to
 * skolid.se), only school units in force (a start date that has come, no stop date that has passed), optionally only
 * the school units marked for the LMS, and only enrolments, placements, duties, groups and activities whose start and
 * stop dates hold today.
 */
export const istEducloudSettingsSchema = z
  .strictObject({
    /** The customer's id in EduCloud (e.g. SE00100): the API is then https://api.ist.com/ss12000v2-api/source/<id>/v2.0. */
    customerId: z.string().regex(/^[A-Za-z0-9_-]+$/, "letters, digits, - and _ (e.g. SE00100)").optional(),
    /** The base URL itself, instead of customerId (a test or acceptance environment). */
    url: z.url().optional(),
    tokenUrl: z.url().default(EDUCLOUD_TOKEN_URL),
    clientId: z.string().min(1),
    clientSecretEnv: z.string().min(1),
    /** EduCloud scopes (e.g. ist.ss12000-v2.api.standard …); absent: every scope the client is allowed. */
    scope: z.string().min(1).optional(),
    /** The school units marked for the LMS, by schoolUnitCode; absent: every school unit the client may see. */
    lmsSchoolUnitCodes: z.array(z.string().min(1)).min(1).optional(),
    /** Groups and activities (and enrolments, duties …) that start within this many days are imported already. */
    startsWithinDays: z.number().int().min(0).max(366).default(0),
    ...ss12000PresetPassThrough,
  })
  .refine((s) => (s.customerId === undefined) !== (s.url === undefined), { message: "give either customerId or url", path: ["customerId"] })
  .transform(({ customerId, url, tokenUrl, clientId, clientSecretEnv, scope, lmsSchoolUnitCodes, startsWithinDays, ...passThrough }): Ss12000SettingsInput => ({
    ...passThrough,
    url: url ?? educloudUrl(customerId!),
    tokenUrl,
    clientId,
    clientSecretEnv,
    tokenAuth: "body",
    ...(scope !== undefined ? { scope } : {}),
    filters: {
      ...(lmsSchoolUnitCodes ? { schoolUnitCodes: lmsSchoolUnitCodes } : {}),
      window: { requireStartDate: true, startsWithinDays },
    },
  }))
  .pipe(ss12000SettingsSchema);

export type IstEducloudSettingsInput = z.input<typeof istEducloudSettingsSchema>;
