import { z } from "zod";
import { ss12000FiltersSchema } from "./filter-settings.ts";

const monthDay = z.string().regex(/^\d{2}-\d{2}$/, "MM-DD");

/**
 * The settings of one SS 12000 source, as a setup file (or the CLI) gives them. Secrets are never values here, only
 * names of environment variables holding them.
 */
export const ss12000SettingsObject = z.object({
    /** Base URL of the API, e.g. https://api.example.se/ss12000/v2.0 */
    url: z.url(),
    /** OAuth 2 client credentials; or `tokenEnv` for a static bearer token. */
    tokenUrl: z.url().optional(),
    clientId: z.string().min(1).optional(),
    clientSecretEnv: z.string().min(1).optional(),
    scope: z.string().optional(),
    /** How the client id and secret reach the token endpoint: HTTP Basic, or `body` (client_id/client_secret form fields). */
    tokenAuth: z.enum(["basic", "body"]).default("basic"),
    tokenEnv: z.string().min(1).optional(),
    pageSize: z.number().int().min(1).max(10_000).default(1000),
    /** Per request; a slower answer counts as a failed attempt. */
    timeoutMs: z.number().int().min(1000).default(60_000),
    /** Attempts per request on 429, 5xx and broken connections, honouring Retry-After. */
    maxAttempts: z.number().int().min(1).max(20).default(6),
    /** Longest wait between attempts, whatever Retry-After says. */
    maxRetryWaitMs: z.number().int().min(0).default(120_000),
    /** "store" keeps civicNo as a user identifier; the default never stores it. */
    personnummer: z.enum(["omit", "store"]).default("omit"),
    /** Which e-mail of a person becomes the OneRoster email, by SS 12000 email type, first match wins. */
    emailTypeOrder: z.object({
      student: z.array(z.string()).default(["Skola elev", "Skola personal", "Arbete övrigt"]),
      staff: z.array(z.string()).default(["Skola personal", "Arbete övrigt", "Skola elev"]),
      guardian: z.array(z.string()).default(["Privat", "Arbete övrigt"]),
    }).prefault({}),
    /** Responsible-person relation types that become guardians (agents) of a student. */
    guardianRelationTypes: z.array(z.string()).default(["Vårdnadshavare", "God man", "Annan ansvarig", "Utsedd behörig"]),
    /** Import birth date and sex as demographics (off by default: data minimisation). */
    demographics: z.boolean().default(false),
    /** Where terms begin and end (HT = autumn, VT = spring); the school year runs from HT's start to VT's end. */
    terms: z.object({
      autumn: z.object({ start: monthDay.default("07-01"), end: monthDay.default("12-31") }).prefault({}),
      spring: z.object({ start: monthDay.default("01-01"), end: monthDay.default("06-30") }).prefault({}),
    }).prefault({}),
    /** What to leave out (school units, dates, activities); absent: everything the API gives that is current. */
    filters: ss12000FiltersSchema.prefault({}),
  });

export const ss12000SettingsSchema = ss12000SettingsObject
  .refine((s) => s.tokenEnv !== undefined || (s.tokenUrl !== undefined && s.clientId !== undefined && s.clientSecretEnv !== undefined), {
    message: "give either tokenEnv (a static bearer token) or tokenUrl, clientId and clientSecretEnv (OAuth 2 client credentials)",
  });

export type Ss12000Settings = z.infer<typeof ss12000SettingsSchema>;
export type Ss12000SettingsInput = z.input<typeof ss12000SettingsSchema>;

/** The settings a register preset (EduCloud, SchoolSoft) passes on unchanged: all but the connection and the filters. */
export const ss12000PresetPassThrough = ss12000SettingsObject.pick({
  pageSize: true,
  timeoutMs: true,
  maxAttempts: true,
  maxRetryWaitMs: true,
  personnummer: true,
  emailTypeOrder: true,
  guardianRelationTypes: true,
  demographics: true,
  terms: true,
}).shape;
