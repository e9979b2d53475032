import { z } from "zod";

const envName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/);

/**
 * One Google Classroom target of a setup: which service account impersonates which admin, which classes become
 * courses, how they are named, and how people are added. The service account's key is a file path or the JSON in an
 * environment variable named here, never stored in the setup itself.
 */
export const classroomSettingsSchema = z
  .object({
    /** The Workspace admin the service account acts as (domain-wide delegation): the JWT's `sub`. */
    adminSubject: z.email(),
    /** Path of the service account's JSON key file; when absent the JSON is read from `keyJsonEnv`. */
    keyFile: z.string().min(1).optional(),
    keyJsonEnv: envName.default("GOOGLE_SERVICE_ACCOUNT_KEY"),
    classTypes: z.array(z.enum(["homeroom", "scheduled"])).min(1).default(["homeroom", "scheduled"]),
    /** Placeholders: {title} {classCode} {sourcedId} {schoolName} {termTitle}. */
    nameTemplate: z.string().min(1).default("{title}"),
    sectionTemplate: z.string().default("{schoolName}"),
    descriptionTemplate: z.string().default(""),
    /** The alias (idempotency key) is this prefix + the class's sourcedId; "d:" makes it domain-wide. */
    aliasPrefix: z.string().regex(/^[dp]:/, 'starts with "d:" (domain) or "p:" (project)').default("d:"),
    /** The state a new course gets: ACTIVE (students see it at once) or PROVISIONED (the teacher accepts it). */
    courseState: z.enum(["ACTIVE", "PROVISIONED"]).default("ACTIVE"),
    /** Teachers and students added directly (domain admin) or invited (they accept). */
    addMembersBy: z.enum(["direct", "invitation"]).default("direct"),
    /** Which OneRoster user field holds the Google account's e-mail. */
    userMatch: z.enum(["email", "username"]).default("email"),
    rootUrl: z.url().default("https://classroom.googleapis.com/"),
    /** The OAuth 2 token endpoint the JWT grant is posted to. */
    tokenUrl: z.url().default("https://oauth2.googleapis.com/token"),
    /** Calls per batch request; Google allows at most 50. */
    batchSize: z.number().int().min(1).max(50).default(50),
    /** Retries of a throttled (429 RESOURCE_EXHAUSTED) or failed (5xx) request, with exponential backoff and jitter. */
    maxRetries: z.number().int().min(0).max(12).default(6),
    backoffBaseMs: z.number().int().min(0).default(1_000),
    backoffMaxMs: z.number().int().min(0).default(64_000),
  })
  .strict();

export type ClassroomSettings = z.infer<typeof classroomSettingsSchema>;
export type ClassroomSettingsInput = z.input<typeof classroomSettingsSchema>;

export function parseClassroomSettings(input: ClassroomSettingsInput): ClassroomSettings {
  return classroomSettingsSchema.parse(input);
}

/** The OAuth scopes the exporter asks for: courses (create, patch, aliases) and rosters (members, invitations, profiles). */
export const CLASSROOM_SCOPES = ["https://www.googleapis.com/auth/classroom.courses", "https://www.googleapis.com/auth/classroom.rosters"];
