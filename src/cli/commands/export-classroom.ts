import type { Command } from "commander";
import { ZodError } from "zod";
import { parseClassroomSettings, type ClassroomSettings } from "../../../exporters/google-classroom/settings.ts";
import { CliError } from "../cli-error.ts";
import type { CliContext } from "../context.ts";
import { commaList, parseTenantId } from "../options.ts";
import { withLockedTenant } from "../tenant-run.ts";
import { parseDay } from "./import-mapped-file.ts";

interface ClassroomOptions {
  tenant: string;
  target: string;
  adminSubject: string;
  keyFile?: string;
  keyJsonEnv: string;
  classTypes?: string;
  nameTemplate?: string;
  sectionTemplate?: string;
  descriptionTemplate?: string;
  aliasPrefix?: string;
  courseState?: string;
  addMembersBy?: string;
  userMatch?: string;
  rootUrl?: string;
  tokenUrl?: string;
  today?: string;
  dryRun?: boolean;
}

/** Today in the machine's time zone, as YYYY-MM-DD: a term that ended yesterday evening has ended. */
function localToday(): string {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, "0")}-${String(now.getDate()).padStart(2, "0")}`;
}

const OPTION_OF: Record<string, string> = {
  adminSubject: "--admin-subject",
  keyFile: "--key-file",
  keyJsonEnv: "--key-json-env",
  classTypes: "--class-types",
  nameTemplate: "--name-template",
  sectionTemplate: "--section-template",
  descriptionTemplate: "--description-template",
  aliasPrefix: "--alias-prefix",
  courseState: "--course-state",
  addMembersBy: "--add-members-by",
  userMatch: "--user-match",
  rootUrl: "--root-url",
  tokenUrl: "--token-url",
};

function settingsFrom(options: ClassroomOptions): ClassroomSettings {
  const optional = <K extends keyof ClassroomOptions>(key: K, as: string = key) => (options[key] !== undefined ? { [as]: options[key] } : {});
  try {
    return parseClassroomSettings({
      adminSubject: options.adminSubject,
      keyJsonEnv: options.keyJsonEnv,
      ...(options.classTypes !== undefined ? { classTypes: commaList(options.classTypes) as ClassroomSettings["classTypes"] } : {}),
      ...optional("keyFile"),
      ...optional("nameTemplate"),
      ...optional("sectionTemplate"),
      ...optional("descriptionTemplate"),
      ...optional("aliasPrefix"),
      ...optional("courseState"),
      ...optional("addMembersBy"),
      ...optional("userMatch"),
      ...optional("rootUrl"),
      ...optional("tokenUrl"),
    } as Parameters<typeof parseClassroomSettings>[0]);
  } catch (error) {
    if (error instanceof ZodError) {
      const issue = error.issues[0]!;
      const key = String(issue.path[0] ?? "");
      throw new CliError(`${OPTION_OF[key] ?? key}: ${issue.message}`);
    }
    throw error;
  }
}

/** `oneroster export classroom`: one Google Classroom course per class with its teachers and students; archives ended terms. */
export function registerExportClassroom(exporter: Command, context: CliContext): void {
  exporter
    .command("classroom")
    .description("keep each class a Google Classroom course with its teachers and students; archive, never delete, ended classes")
    .requiredOption("--tenant <id>", "tenant to export", parseTenantId)
    .option("--target <name>", "the target's name, which export_state and the run record are kept under", "classroom")
    .requiredOption("--admin-subject <email>", "the Workspace admin the service account acts as (domain-wide delegation)")
    .option("--key-file <path>", "the service account's JSON key file")
    .option("--key-json-env <name>", "environment variable holding the JSON key (when there is no --key-file)", "GOOGLE_SERVICE_ACCOUNT_KEY")
    .option("--class-types <types>", "class types to export, comma-separated (homeroom,scheduled)")
    .option("--name-template <template>", "course name: {title} {classCode} {sourcedId} {schoolName} {termTitle}")
    .option("--section-template <template>", "course section, same placeholders (default {schoolName})")
    .option("--description-template <template>", "course description, same placeholders (default empty)")
    .option("--alias-prefix <prefix>", 'course alias prefix before the sourcedId (default "d:", domain-wide)')
    .option("--course-state <state>", "state of a new course: ACTIVE (default) or PROVISIONED")
    .option("--add-members-by <how>", "direct (default, as domain admin) or invitation")
    .option("--user-match <field>", "OneRoster user field holding the Google e-mail: email (default) or username")
    .option("--root-url <url>", "Classroom API root URL (default https://classroom.googleapis.com/)")
    .option("--token-url <url>", "OAuth 2 token endpoint (default https://oauth2.googleapis.com/token)")
    .option("--today <YYYY-MM-DD>", "the day terms are compared with (default: today)", parseDay)
    .option("--dry-run", "print the plan (creates, member adds/removes, archives) and write nothing")
    .action(async (options: ClassroomOptions) => {
      const { settings: appSettings, logger, out } = context();
      const settings = settingsFrom(options);
      // Loaded on use: googleapis would slow every other command's start.
      const [{ classroomClient, loadServiceAccountKey, ServiceAccountKeyError }, { runClassroomExport }, { formatPlan }] = await Promise.all([
        import("../../../exporters/google-classroom/client.ts"),
        import("../../../exporters/google-classroom/exporter.ts"),
        import("../../../exporters/google-classroom/plan-summary.ts"),
      ]);
      let key;
      try {
        key = loadServiceAccountKey(settings);
      } catch (error) {
        if (error instanceof ServiceAccountKeyError) throw new CliError(`${settings.keyFile !== undefined ? "--key-file" : "--key-json-env"}: ${error.message}`);
        throw error;
      }
      const client = classroomClient(settings, key);
      await withLockedTenant(appSettings, logger, options.tenant, "export classroom", async (database) => {
        const tenant = await database.db.selectFrom("tenants").select("id").where("id", "=", options.tenant).executeTakeFirst();
        if (!tenant) throw new CliError(`--tenant: there is no tenant "${options.tenant}"`);
        const started = Date.now();
        const result = await runClassroomExport(
          database.db,
          settings,
          { tenantId: options.tenant, targetId: options.target, dryRun: options.dryRun === true, logger },
          { client, today: options.today ?? localToday() },
        );
        if (options.dryRun) for (const line of formatPlan(result.plan)) out(line);
        else {
          const done = Object.entries(result.outcome.counts).flatMap(([entity, actions]) => Object.entries(actions).map(([action, n]) => `${entity} ${action} ${n}`));
          out(`classroom export ${result.runId}: ${done.length ? done.join(", ") : "nothing to change"} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
        }
        for (const warning of result.outcome.warnings.slice(0, 20)) out(`warning: ${warning.entity} ${warning.sourcedId ?? ""}: ${warning.why}`);
        if (result.outcome.warnings.length > 20) out(`… and ${result.outcome.warnings.length - 20} more warning(s)`);
      });
    });
}
