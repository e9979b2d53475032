import { fileURLToPath } from "node:url";
import { sql, type Kysely } from "kysely";
import type { Database } from "../../../db/schema.ts";
import { localFileStream } from "../../../importers/ims-enterprise/file-stream.ts";
import type { ImsDialect, ImsInput } from "../../../importers/ims-enterprise/importer.ts";
import { imsMappingSettingsSchema } from "../../../importers/ims-enterprise/settings.ts";
import { importImsEnterprise, type ImsImportOptions } from "../../../src/imports/ims-enterprise-import.ts";
import type { SyncResult } from "../../../src/sync/types.ts";

/** The fixtures' school year is 2026/27; their roles are current on this day. */
export const AS_OF = "2026-09-01";
export const FIXTURES = fileURLToPath(new URL("../../fixtures/ims-enterprise/", import.meta.url));

export function fixture(name: string, kind: ImsInput["kind"] = "organization"): ImsInput {
  const path = `${FIXTURES}${name}`;
  return { name: path, kind, open: () => localFileStream(path) };
}

/** Imports files into tenant "t" through the sync engine, as `oneroster import` does. */
export function importFiles(
  db: Kysely<Database>,
  kind: "edlevo" | "alvis" | "ist-ims",
  inputs: ImsInput[],
  options: Partial<ImsImportOptions> & { settings?: Record<string, unknown> } = {},
): Promise<SyncResult> {
  const { settings, ...rest } = options;
  const dialect: ImsDialect = kind === "edlevo" ? "tieto" : "plain";
  return importImsEnterprise(db, imsMappingSettingsSchema.parse(settings ?? {}), {
    tenantId: "t",
    sourceId: kind,
    kind,
    dialect,
    inputs,
    today: AS_OF,
    ...rest,
  });
}

/** The tenant's rows in a readable shape: one line per row, the columns a register import decides, sorted. */
export async function rosterLines(db: Kysely<Database>, tenantId = "t"): Promise<Record<"orgs" | "academicSessions" | "courses" | "classes" | "users" | "enrollments", string[]>> {
  const q = async (text: ReturnType<typeof sql<Record<string, unknown>>>) =>
    (await text.execute(db)).rows.map((r) => Object.values(r).map((v) => (Array.isArray(v) ? `[${v.join(",")}]` : String(v))).join(" | ")).sort();
  return {
    orgs: await q(sql`select name, type, identifier, status from orgs where tenant_id = ${tenantId}`),
    academicSessions: await q(sql`select title, type, start_date::text, end_date::text, status from academic_sessions where tenant_id = ${tenantId}`),
    courses: await q(sql`select c.title, c.course_code, c.subject_codes, o.name as org, c.status from courses c join orgs o on o.tenant_id = c.tenant_id and o.sourced_id = c.org_sourced_id where c.tenant_id = ${tenantId}`),
    classes: await q(sql`
      select c.title, c.class_code, c.class_type, o.name as school, co.title as course, c.subject_codes,
        (select string_agg(s.title, ',' order by s.title) from class_terms ct join academic_sessions s on s.tenant_id = ct.tenant_id and s.sourced_id = ct.term_sourced_id where ct.tenant_id = c.tenant_id and ct.class_sourced_id = c.sourced_id) as terms,
        c.status
      from classes c join orgs o on o.tenant_id = c.tenant_id and o.sourced_id = c.school_sourced_id
        join courses co on co.tenant_id = c.tenant_id and co.sourced_id = c.course_sourced_id
      where c.tenant_id = ${tenantId}`),
    users: await q(sql`
      select u.given_name || ' ' || u.family_name as name, u.role, u.username, u.email, u.identifier, u.middle_name, u.sms,
        (select string_agg(o.name, ',' order by o.name) from user_orgs uo join orgs o on o.tenant_id = uo.tenant_id and o.sourced_id = uo.org_sourced_id where uo.tenant_id = u.tenant_id and uo.user_sourced_id = u.sourced_id) as orgs,
        (select string_agg(a.given_name, ',' order by a.given_name) from user_agents ua join users a on a.tenant_id = ua.tenant_id and a.sourced_id = ua.agent_sourced_id where ua.tenant_id = u.tenant_id and ua.user_sourced_id = u.sourced_id) as agents,
        (select string_agg(ui.type || '=' || ui.identifier, ',' order by ui.type) from user_ids ui where ui.tenant_id = u.tenant_id and ui.user_sourced_id = u.sourced_id) as user_ids,
        u.status
      from users u where u.tenant_id = ${tenantId}`),
    enrollments: await q(sql`
      select c.class_code, u.given_name, e.role, e."primary", e.begin_date::text, e.end_date::text, e.status
      from enrollments e join classes c on c.tenant_id = e.tenant_id and c.sourced_id = e.class_sourced_id
        join users u on u.tenant_id = e.tenant_id and u.sourced_id = e.user_sourced_id
      where e.tenant_id = ${tenantId}`),
  };
}
