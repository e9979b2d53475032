import type { Command } from "commander";
import { InvalidArgumentError } from "commander";
import { ZodError } from "zod";
import { parseGraphSettings, type GraphSettings } from "../../../exporters/graph/settings.ts";
import { CliError } from "../cli-error.ts";
import type { CliContext } from "../context.ts";
import { withLockedTenant } from "../tenant-run.ts";
import { commaList, parseTenantId } from "../options.ts";

interface GraphOptions {
  tenant: string;
  target: string;
  directoryTenant: string;
  clientId: string;
  clientSecretEnv: string;
  classTypes?: string;
  nameTemplate?: string;
  mailNicknameTemplate?: string;
  archiveSuffix?: string;
  userMatch?: string;
  teams: boolean;
  schoolGroups?: string;
  staffTeams?: boolean;
  authorityUrl?: string;
  graphUrl?: string;
  today?: string;
  dryRun?: boolean;
}

function parseDay(value: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) {
    throw new InvalidArgumentError(`"${value}" is not a date (YYYY-MM-DD)`);
  }
  return value;
}

/** Today in the machine's time zone, as YYYY-MM-DD: a term that ended yesterday evening has ended. */
function localToday(): string {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, "0")}-${String(now.getDate()).padStart(2, "0")}`;
}

const OPTION_OF: Record<string, string> = {
  directoryTenantId: "--directory-tenant",
  clientId: "--client-id",
  clientSecretEnv: "--client-secret-env",
  classTypes: "--class-types",
  displayNameTemplate: "--name-template",
  mailNicknameTemplate: "--mail-nickname-template",
  userMatch: "--user-match",
  authorityUrl: "--authority-url",
  graphUrl: "--graph-url",
  schoolGroupRoles: "--school-groups",
};

function settingsFrom(options: GraphOptions): GraphSettings {
  try {
    return parseGraphSettings({
      directoryTenantId: options.directoryTenant,
      clientId: options.clientId,
      clientSecretEnv: options.clientSecretEnv,
      createTeams: options.teams,
      ...(options.classTypes !== undefined ? { classTypes: commaList(options.classTypes) as GraphSettings["classTypes"] } : {}),
      ...(options.nameTemplate !== undefined ? { displayNameTemplate: options.nameTemplate } : {}),
      ...(options.mailNicknameTemplate !== undefined ? { mailNicknameTemplate: options.mailNicknameTemplate } : {}),
      ...(options.archiveSuffix !== undefined ? { archiveSuffix: options.archiveSuffix } : {}),
      ...(options.userMatch !== undefined ? { userMatch: options.userMatch as GraphSettings["userMatch"] } : {}),
      ...(options.authorityUrl !== undefined ? { authorityUrl: options.authorityUrl } : {}),
      ...(options.graphUrl !== undefined ? { graphUrl: options.graphUrl } : {}),
      ...(options.schoolGroups !== undefined ? { schoolGroupRoles: commaList(options.schoolGroups) as GraphSettings["schoolGroupRoles"] } : {}),
      ...(options.staffTeams ? { staffTeams: true } : {}),
    });
  } catch (error) {
    if (error instanceof ZodError) {
      const issue = error.issues[0]!;
      const key = String(issue.path[0] ?? "");
      throw new CliError(`${OPTION_OF[key] ?? key}: ${issue.message}`);
    }
    throw error;
  }
}

/** `oneroster export graph`: classes, memberships and class teams in Microsoft 365 through Graph; archives ended terms. */
export function registerExportGraph(exporter: Command, context: CliContext): void {
  exporter
    .command("graph")
    .description("keep each class an educationClass with its Team in Microsoft 365 (Graph); archive, never delete, ended classes")
    .requiredOption("--tenant <id>", "tenant to export", parseTenantId)
    .option("--target <name>", "the target's name, which export_state and the run record are kept under", "graph")
    .requiredOption("--directory-tenant <id>", "the Entra tenant id (or domain) of the school owner")
    .requiredOption("--client-id <id>", "the app registration's client id (application permissions, admin consent)")
    .option("--client-secret-env <name>", "environment variable holding the client secret", "GRAPH_CLIENT_SECRET")
    .option("--class-types <types>", "class types to export, comma-separated (homeroom,scheduled)")
    .option("--name-template <template>", "displayName template: {title} {classCode} {sourcedId} {schoolName} {termTitle}")
    .option("--mail-nickname-template <template>", "mailNickname template, same placeholders (default class-{sourcedId})")
    .option("--archive-suffix <text>", 'appended to the name of an archived class, e.g. " (arkiv)"')
    .option("--user-match <field>", "OneRoster user field holding the userPrincipalName: username or email")
    .option("--no-teams", "keep classes and memberships only, make no teams")
    .option("--school-groups <roles>", "also keep a security group per school for these roles (student,teacher)")
    .option("--staff-teams", "also keep a staff team per school (its teachers and administrators; owners: its administrators)")
    .option("--authority-url <url>", "token authority (default https://login.microsoftonline.com)")
    .option("--graph-url <url>", "Graph base URL (default https://graph.microsoft.com)")
    .option("--today <YYYY-MM-DD>", "the day terms are compared with (default: today)", parseDay)
    .option("--dry-run", "print the plan (creates, member adds/removes, archives) and write nothing")
    .action(async (options: GraphOptions) => {
      const { settings: appSettings, logger, out } = context();
      const settings = settingsFrom(options);
      const secret = process.env[settings.clientSecretEnv];
      if (!secret) throw new CliError(`--client-secret-env: the environment variable ${settings.clientSecretEnv} is not set`);
      // Loaded on use: the Graph SDK and MSAL would slow every other command's start.
      const [{ graphClient }, { runGraphExport }, { formatPlan }] = await Promise.all([
        import("../../../exporters/graph/client.ts"),
        import("../../../exporters/graph/exporter.ts"),
        import("../../../exporters/graph/plan-summary.ts"),
      ]);
      const client = graphClient(settings, secret);
      await withLockedTenant(appSettings, logger, options.tenant, "export graph", async (database) => {
        const tenant = await database.db.selectFrom("tenants").select("id").where("id", "=", options.tenant).executeTakeFirst();
        if (!tenant) throw new CliError(`--tenant: there is no tenant "${options.tenant}"`);
        const started = Date.now();
        const result = await runGraphExport(
          database.db,
          settings,
          { tenantId: options.tenant, targetId: options.target, dryRun: options.dryRun === true, logger },
          { client, today: options.today ?? localToday() },
        );
        if (options.dryRun) for (const line of formatPlan(result.plan)) out(line);
        else {
          const done = Object.entries(result.outcome.counts).flatMap(([entity, actions]) => Object.entries(actions).map(([action, n]) => `${entity} ${action} ${n}`));
          out(`graph export ${result.runId}: ${done.length ? done.join(", ") : "nothing to change"} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
        }
        for (const warning of result.outcome.warnings.slice(0, 20)) out(`warning: ${warning.entity} ${warning.sourcedId ?? ""}: ${warning.why}`);
        if (result.outcome.warnings.length > 20) out(`… and ${result.outcome.warnings.length - 20} more warning(s)`);
      });
    });
}
