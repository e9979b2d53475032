import { sql, type Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { renderTemplate } from "../graph/names.ts";
import type { ClassroomSettings } from "./settings.ts";

/** A class of the tenant as the Classroom target should hold it. */
export interface ClassroomClass {
  sourcedId: string;
  name: string;
  section: string;
  description: string;
  /** All its terms have ended, or the class is tobedeleted: archive the course, never delete it. */
  ended: boolean;
  /** Teacher sourcedIds in owner order: the primary teacher(s) first, then the rest, each part sorted. */
  teachers: string[];
  /** Student sourcedIds, sorted, without those who also teach the class (Classroom has one role per person). */
  students: string[];
}

export interface ClassroomSnapshot {
  classes: ClassroomClass[];
  /** Members' sourcedId → Google e-mail (lowercased), for users in an exported class; users without one are left out. */
  emails: Map<string, string>;
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
  title: string;
  end_date: string;
}

interface MembershipRow {
  class_sourced_id: string;
  role: "teacher" | "student";
  /** User sourcedIds joined by SEPARATOR. */
  users: string;
  /** The primary ones among them (teachers), joined the same way; null when none is. */
  primaries: string | null;
}

/** ASCII unit separator: joins sourcedIds in string_agg, since a sourcedId may hold a comma. */
const SEPARATOR = "\u001f";

const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Field limits of a course (the Classroom reference): name 750, section 2800, description 30 000 characters. */
function clip(value: string, limit: number): string {
  return value.trim().slice(0, limit);
}

/**
 * Reads the tenant's classes of the chosen types with their terms and active teacher/student enrollments, set-based
 * (memberships aggregated per class and role). `today` (YYYY-MM-DD) decides which terms and enrollments are over.
 */
export async function readClassroomSnapshot(
  db: Kysely<Database>,
  tenantId: string,
  settings: Pick<ClassroomSettings, "classTypes" | "nameTemplate" | "sectionTemplate" | "descriptionTemplate" | "userMatch">,
  today: string,
): Promise<ClassroomSnapshot> {
  const emailColumn = settings.userMatch === "email" ? sql.ref("email") : sql.ref("username");
  const [classRows, termRows, membershipRows, userRows] = await Promise.all([
    sql<ClassRow>`
      select c.sourced_id, c.title, c.class_code, c.status, o.name as school_name
      from classes c
      join orgs o on o.tenant_id = c.tenant_id and o.sourced_id = c.school_sourced_id
      where c.tenant_id = ${tenantId} and c.class_type in (${sql.join(settings.classTypes)})`
      .execute(db)
      .then((result) => result.rows),
    sql<TermRow>`
      select ct.class_sourced_id, s.title, s.end_date::text as end_date
      from class_terms ct
      join academic_sessions s on s.tenant_id = ct.tenant_id and s.sourced_id = ct.term_sourced_id
      where ct.tenant_id = ${tenantId}
      order by ct.class_sourced_id, ct.ordinal, s.sourced_id`
      .execute(db)
      .then((result) => result.rows),
    sql<MembershipRow>`
      select e.class_sourced_id, e.role, string_agg(e.user_sourced_id, ${SEPARATOR}) as users,
        string_agg(case when e."primary" then e.user_sourced_id end, ${SEPARATOR}) as primaries
      from enrollments e
      join users u on u.tenant_id = e.tenant_id and u.sourced_id = e.user_sourced_id and u.status = 'active'
      where e.tenant_id = ${tenantId} and e.status = 'active' and e.role in ('teacher', 'student')
        and (e.end_date is null or e.end_date >= ${today}::date)
      group by e.class_sourced_id, e.role`
      .execute(db)
      .then((result) => result.rows),
    sql<{ sourced_id: string; email: string | null }>`
      select sourced_id, ${emailColumn} as email from users where tenant_id = ${tenantId} and status = 'active'`
      .execute(db)
      .then((result) => result.rows),
  ]);
  classRows.sort((a, b) => byCodePoint(a.sourced_id, b.sourced_id));

  const termsByClass = new Map<string, TermRow[]>();
  for (const row of termRows) {
    const list = termsByClass.get(row.class_sourced_id);
    if (list) list.push(row);
    else termsByClass.set(row.class_sourced_id, [row]);
  }
  const exported = new Set(classRows.map((row) => row.sourced_id));
  const members = new Map<string, { teachers: string[]; students: string[] }>();
  const referenced = new Set<string>();
  for (const row of membershipRows) {
    if (!exported.has(row.class_sourced_id)) continue;
    let entry = members.get(row.class_sourced_id);
    if (!entry) members.set(row.class_sourced_id, (entry = { teachers: [], students: [] }));
    // Sorted here: hashes and the owner need one order, whatever the database's collation.
    const users = [...new Set(row.users.split(SEPARATOR))].sort(byCodePoint);
    for (const user of users) referenced.add(user);
    if (row.role === "teacher") {
      const primaries = new Set(row.primaries?.split(SEPARATOR) ?? []);
      entry.teachers = [...users.filter((u) => primaries.has(u)), ...users.filter((u) => !primaries.has(u))];
    } else entry.students = users;
  }

  const classes = classRows.map((row): ClassroomClass => {
    const terms = termsByClass.get(row.sourced_id) ?? [];
    const fields = { title: row.title, classCode: row.class_code, sourcedId: row.sourced_id, schoolName: row.school_name, termTitle: terms[0]?.title ?? null };
    const entry = members.get(row.sourced_id);
    const teachers = entry?.teachers ?? [];
    const teaching = new Set(teachers);
    return {
      sourcedId: row.sourced_id,
      name: clip(renderTemplate(settings.nameTemplate, fields), 750) || row.sourced_id,
      section: clip(renderTemplate(settings.sectionTemplate, fields), 2800),
      description: clip(renderTemplate(settings.descriptionTemplate, fields), 30_000),
      ended: row.status === "tobedeleted" || (terms.length > 0 && terms.every((term) => term.end_date < today)),
      teachers,
      students: (entry?.students ?? []).filter((user) => !teaching.has(user)),
    };
  });
  const emails = new Map<string, string>();
  for (const row of userRows) {
    const email = row.email?.trim().toLowerCase();
    if (email && email.includes("@") && referenced.has(row.sourced_id)) emails.set(row.sourced_id, email);
  }
  return { classes, emails };
}
