import { sql, type Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { renderTemplate, toDisplayName, toMailNickname } from "./names.ts";
import { readSchoolGroups, type SchoolGroup } from "./school-groups.ts";
import { readStaffTeams, type StaffTeam } from "./staff-teams.ts";
import type { GraphSettings } from "./settings.ts";

export interface GraphTerm {
  externalId: string;
  displayName: string;
  startDate: string;
  endDate: string;
}

/** A class of the tenant as the Graph target should hold it. */
export interface GraphClass {
  sourcedId: string;
  displayName: string;
  mailNickname: string;
  /** The first of the class's terms (by ordinal), sent as the educationClass term. */
  term: GraphTerm | null;
  /** All its terms have ended, or the class is tobedeleted: archive it, never delete it. */
  ended: boolean;
  /** User sourcedIds, sorted. */
  teachers: string[];
  students: string[];
}

/** What the plan needs of the tenant: the exported classes and the Entra userPrincipalName of each member. */
export interface GraphSnapshot {
  classes: GraphClass[];
  /** Members' sourcedId → userPrincipalName (lowercased), for users in an exported class; users without one are left out. */
  userPrincipalNames: Map<string, string>;
  /** Security groups per school and role (settings.schoolGroupRoles; empty when none). */
  schoolGroups: SchoolGroup[];
  /** One staff team per active school; undefined when settings.staffTeams is off. */
  staffTeams?: StaffTeam[];
}

interface ClassRow {
  sourced_id: string;
  title: string;
  class_code: string | null;
  status: string;
  school_name: string;
}

interface TermRow {
  class_sourced_id: string;
  sourced_id: string;
  title: string;
  start_date: string;
  end_date: string;
}

interface MembershipRow {
  class_sourced_id: string;
  role: "teacher" | "student";
  /** User sourcedIds joined by SEPARATOR. */
  users: string;
}

/** ASCII unit separator: joins sourcedIds in string_agg, since a sourcedId may hold a comma. */
const SEPARATOR = "\u001f";

/**
 * Reads the tenant's classes of the chosen types with their terms and active teacher/student enrollments, set-based:
 * memberships come aggregated per class and role, so a million enrollments are tens of thousands of rows.
 * `today` (YYYY-MM-DD) decides which terms have ended and which enrollments are over.
 */
export async function readGraphSnapshot(
  db: Kysely<Database>,
  tenantId: string,
  settings: Pick<GraphSettings, "classTypes" | "displayNameTemplate" | "mailNicknameTemplate" | "userMatch" | "schoolGroupRoles" | "schoolGroupNameTemplate" | "staffTeams" | "staffTeamNameTemplate">,
  today: string,
): Promise<GraphSnapshot> {
  const nameColumn = settings.userMatch === "email" ? sql.ref("email") : sql.ref("username");
  // Four independent reads, in parallel on a pool; memberships come as one separator-joined string per class and role.
  const [classRows, termRows, membershipRows, userRows, schoolGroups, staffTeams] = await Promise.all([
    sql<ClassRow>`
      select c.sourced_id, c.title, c.class_code, c.status, o.name as school_name
      from classes c
      join orgs o on o.tenant_id = c.tenant_id and o.sourced_id = c.school_sourced_id
      where c.tenant_id = ${tenantId} and c.class_type in (${sql.join(settings.classTypes)})`
      .execute(db)
      .then((result) => result.rows),
    sql<TermRow>`
      select ct.class_sourced_id, s.sourced_id, s.title, s.start_date::text as start_date, s.end_date::text as end_date
      from class_terms ct
      join academic_sessions s on s.tenant_id = ct.tenant_id and s.sourced_id = ct.term_sourced_id
      where ct.tenant_id = ${tenantId}
      order by ct.class_sourced_id, ct.ordinal, s.sourced_id`
      .execute(db)
      .then((result) => result.rows),
    sql<MembershipRow>`
      select e.class_sourced_id, e.role, string_agg(e.user_sourced_id, ${SEPARATOR}) as users
      from enrollments e
      join users u on u.tenant_id = e.tenant_id and u.sourced_id = e.user_sourced_id and u.status = 'active'
      where e.tenant_id = ${tenantId} and e.status = 'active' and e.role in ('teacher', 'student')
        and (e.end_date is null or e.end_date >= ${today}::date)
      group by e.class_sourced_id, e.role`
      .execute(db)
      .then((result) => result.rows),
    sql<{ sourced_id: string; upn: string | null }>`
      select sourced_id, ${nameColumn} as upn from users where tenant_id = ${tenantId} and status = 'active'`
      .execute(db)
      .then((result) => result.rows),
    readSchoolGroups(db, tenantId, settings),
    readStaffTeams(db, tenantId, settings),
  ]);
  classRows.sort((a, b) => (a.sourced_id < b.sourced_id ? -1 : a.sourced_id > b.sourced_id ? 1 : 0));

  const termsByClass = new Map<string, TermRow[]>();
  for (const row of termRows) {
    const list = termsByClass.get(row.class_sourced_id);
    if (list) list.push(row);
    else termsByClass.set(row.class_sourced_id, [row]);
  }
  const members = new Map<string, { teachers: string[]; students: string[] }>();
  const exported = new Set(classRows.map((row) => row.sourced_id));
  const referenced = new Set<string>();
  for (const row of membershipRows) {
    if (!exported.has(row.class_sourced_id)) continue;
    let entry = members.get(row.class_sourced_id);
    if (!entry) members.set(row.class_sourced_id, (entry = { teachers: [], students: [] }));
    // Sorted here: hashes need one order, whatever the database's collation.
    const users = row.users.split(SEPARATOR).sort();
    for (const user of users) referenced.add(user);
    if (row.role === "teacher") entry.teachers = users;
    else entry.students = users;
  }

  const classes = classRows.map((row): GraphClass => {
    const terms = termsByClass.get(row.sourced_id) ?? [];
    const first = terms[0];
    const fields = {
      title: row.title,
      classCode: row.class_code,
      sourcedId: row.sourced_id,
      schoolName: row.school_name,
      termTitle: first?.title ?? null,
    };
    const entry = members.get(row.sourced_id);
    return {
      sourcedId: row.sourced_id,
      displayName: toDisplayName(renderTemplate(settings.displayNameTemplate, fields)),
      mailNickname: toMailNickname(renderTemplate(settings.mailNicknameTemplate, fields)),
      term: first ? { externalId: first.sourced_id, displayName: first.title, startDate: first.start_date, endDate: first.end_date } : null,
      ended: row.status === "tobedeleted" || (terms.length > 0 && terms.every((term) => term.end_date < today)),
      teachers: entry?.teachers ?? [],
      students: entry?.students ?? [],
    };
  });
  for (const group of schoolGroups) for (const user of group.users) referenced.add(user);
  for (const team of staffTeams ?? []) for (const user of team.members) referenced.add(user);
  const userPrincipalNames = new Map<string, string>();
  for (const row of userRows) if (row.upn && referenced.has(row.sourced_id)) userPrincipalNames.set(row.sourced_id, row.upn.trim().toLowerCase());
  return { classes, userPrincipalNames, schoolGroups, ...(staffTeams ? { staffTeams } : {}) };
}
