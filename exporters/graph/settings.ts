import { z } from "zod";

/**
 * One Graph target of a setup: which Entra tenant and app, which classes, how they are named and archived. Filled by
 * CLI options now and by the setup file later; the client secret is named by its environment variable, never stored.
 */
export const graphSettingsSchema = z.object({
  /** The Entra (Azure AD) tenant id or domain, not the OneRoster tenant. */
  directoryTenantId: z.string().min(1),
  clientId: z.string().min(1),
  clientSecretEnv: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/).default("GRAPH_CLIENT_SECRET"),
  classTypes: z.array(z.enum(["homeroom", "scheduled"])).min(1).default(["homeroom", "scheduled"]),
  /** Placeholders: {title} {classCode} {sourcedId} {schoolName} {termTitle}. */
  displayNameTemplate: z.string().min(1).default("{title}"),
  mailNicknameTemplate: z.string().min(1).default("class-{sourcedId}"),
  /** Appended to the displayName of an archived class, e.g. " (arkiv)"; empty keeps the name. */
  archiveSuffix: z.string().default(""),
  /** Which OneRoster user field holds the Entra userPrincipalName. */
  userMatch: z.enum(["username", "email"]).default("username"),
  createTeams: z.boolean().default(true),
  /** Roles that get one security group per school (members: the school's active users of that role); none by default. */
  schoolGroupRoles: z.array(z.enum(["student", "teacher"])).default([]),
  /** Placeholders: {schoolName} {schoolSourcedId} {role}. */
  schoolGroupNameTemplate: z.string().min(1).default("{schoolName} {role}s"),
  /** One staff team per active school (members: its active teachers and administrators; owners: its administrators). */
  staffTeams: z.boolean().default(false),
  /** Placeholders: {schoolName} {schoolSourcedId}. */
  staffTeamNameTemplate: z.string().min(1).default("{schoolName} personal"),
  authorityUrl: z.url().default("https://login.microsoftonline.com"),
  graphUrl: z.url().default("https://graph.microsoft.com"),
  /** A new class's group may not be replicated to Teams yet (404): Microsoft advises 3 retries, 10 s apart. */
  teamRetries: z.number().int().min(0).default(3),
  teamRetryDelayMs: z.number().int().min(0).default(10_000),
  /** Retries of throttled (429/503/504) requests, outer ones by the SDK's RetryHandler and $batch items here. */
  maxRetries: z.number().int().min(0).max(10).default(5),
});

export type GraphSettings = z.infer<typeof graphSettingsSchema>;
export type GraphSettingsInput = z.input<typeof graphSettingsSchema>;

export function parseGraphSettings(input: GraphSettingsInput): GraphSettings {
  return graphSettingsSchema.parse(input);
}
