import type { AcademicSession, Class, Course, Enrollment, Org, User, UserId } from "../../src/model/canonical.ts";
import { derivedSourcedId } from "../../src/model/derived-id.ts";
import type { SyncWarning } from "../../src/sync/types.ts";
import { Calendar, sessionRecords, termKey } from "../ss12000/calendar.ts";
import type { Roster, RosterPerson } from "./roster.ts";
import type { Terms } from "./terms.ts";

export interface RosterRecordsContext {
  tenantId: string;
  sourceId: string;
  /** YYYY-MM-DD: the classes belong to the terms of the school year this day falls in. */
  today: string;
  terms: Terms;
  personnummer: "omit" | "store";
}

export interface RosterRecords {
  orgs: Org[];
  academicSessions: AcademicSession[];
  courses: Course[];
  classes: Class[];
  users: User[];
  enrollments: Enrollment[];
  notes: SyncWarning[];
}

/**
 * OneRoster records of a roster: each school an org, homeroom classes (one "Klass – <school>" course per school) and
 * scheduled classes (a course of their own each) in both terms of the current school year, users with their schools
 * (a guardian's are their students'), and an enrollment per membership. sourcedIds are UUIDv5 of (tenant, source,
 * entity, the file's key), so they stay the same night after night. Protected persons and every link naming them
 * are left out here at the latest.
 */
export function rosterRecords(roster: Roster, context: RosterRecordsContext): RosterRecords {
  const id = (entity: string, key: string) => derivedSourcedId(context.tenantId, context.sourceId, entity, key);
  const counts = { groupsWithoutSchool: 0, personsWithoutSchool: 0, linksToUnknown: 0, usernameFromId: 0 };
  const calendar = new Calendar(context.terms);
  const current = calendar.termAt(context.today);
  const terms = [calendar.term(current.autumnYear, "HT"), calendar.term(current.autumnYear, "VT")];
  const termIds = terms.map((t) => id("academicSession", termKey(t)));

  const persons = [...roster.persons.values()].filter((p) => !roster.protectedKeys.has(p.key));
  const personByKey = new Map(persons.map((p) => [p.key, p]));
  const memberships = [...roster.memberships()].filter((m) => !roster.protectedKeys.has(m.personKey));

  // A group without a school of its own belongs to the school its members share first.
  for (const m of memberships) {
    const group = roster.groups.get(m.groupKey);
    const person = personByKey.get(m.personKey);
    if (group && group.schoolKey === undefined && person) group.schoolKey = [...person.schoolKeys].find((s) => roster.schools.has(s));
  }
  const groups = [...roster.groups.values()].filter((g) => {
    if (g.schoolKey !== undefined && roster.schools.has(g.schoolKey)) return true;
    counts.groupsWithoutSchool++;
    return false;
  });
  const groupByKey = new Map(groups.map((g) => [g.key, g]));

  // A person's schools: the ones named, and those of their groups.
  for (const m of memberships) {
    const group = groupByKey.get(m.groupKey);
    if (group) personByKey.get(m.personKey)?.schoolKeys.add(group.schoolKey!);
  }
  const studentSchools = (p: RosterPerson) =>
    [...p.guardianOf].flatMap((k) => (roster.protectedKeys.has(k) ? [] : [...(personByKey.get(k)?.schoolKeys ?? [])]));
  const users: User[] = [];
  const userKeys = new Set<string>();
  const keyOfUser = new Map<string, string>();
  for (const person of persons) {
    const schools = [...new Set([...person.schoolKeys, ...(person.role === "guardian" ? studentSchools(person) : [])])].filter((s) => roster.schools.has(s)).sort();
    if (schools.length === 0) {
      counts.personsWithoutSchool++;
      continue;
    }
    userKeys.add(person.key);
    keyOfUser.set(id("user", person.key), person.key);
    users.push(userRecord(person, id("user", person.key), schools.map((s) => id("org", s)), context.personnummer, counts));
  }
  const agents = new Map<string, Set<string>>();
  for (const person of persons) {
    for (const studentKey of person.guardianOf) {
      if (!userKeys.has(person.key) || !userKeys.has(studentKey)) {
        if (!roster.protectedKeys.has(studentKey)) counts.linksToUnknown++;
        continue;
      }
      const list = agents.get(studentKey) ?? new Set<string>();
      list.add(id("user", person.key));
      agents.set(studentKey, list);
    }
  }
  for (const user of users) {
    const list = agents.get(keyOfUser.get(user.sourcedId)!);
    if (list) user.agentSourcedIds = [...list].sort();
  }

  const orgs = [...roster.schools.values()].map((s): Org => ({ sourcedId: id("org", s.key), name: s.name, type: "school", identifier: s.code }));
  const courses = new Map<string, Course>();
  const classes: Class[] = [];
  const studentsOf = new Map<string, string[]>();
  for (const m of memberships) {
    if (m.role !== "student") continue;
    const list = studentsOf.get(m.groupKey);
    if (list) list.push(m.personKey);
    else studentsOf.set(m.groupKey, [m.personKey]);
  }
  for (const group of groups) {
    const school = roster.schools.get(group.schoolKey!)!;
    const courseKey = group.kind === "homeroom" ? `homeroom/${school.key}` : `group/${group.key}`;
    const courseId = id("course", courseKey);
    if (!courses.has(courseId)) {
      courses.set(courseId, {
        sourcedId: courseId,
        title: group.kind === "homeroom" ? `Klass – ${school.name}` : group.name,
        orgSourcedId: id("org", school.key),
        ...(group.subject ? { subjects: [group.subject] } : {}),
      });
    }
    const grades = new Set<string>();
    for (const key of studentsOf.get(group.key) ?? []) for (const g of personByKey.get(key)?.grades ?? []) grades.add(g);
    classes.push({
      sourcedId: id("class", group.key),
      title: group.name,
      classCode: group.name,
      classType: group.kind,
      courseSourcedId: courseId,
      schoolSourcedId: id("org", school.key),
      termSourcedIds: termIds,
      grades: [...grades].sort(),
      ...(group.subject ? { subjects: [group.subject] } : {}),
    });
  }
  const enrollments: Enrollment[] = [];
  for (const m of memberships) {
    const group = groupByKey.get(m.groupKey);
    if (!group || !userKeys.has(m.personKey)) {
      counts.linksToUnknown++;
      continue;
    }
    const classId = id("class", group.key);
    enrollments.push({
      sourcedId: id("enrollment", `${group.key}/${m.personKey}/${m.role}`),
      classSourcedId: classId,
      schoolSourcedId: id("org", group.schoolKey!),
      userSourcedId: id("user", m.personKey),
      role: m.role,
      primary: m.role === "teacher" ? false : null,
    });
  }
  return {
    orgs,
    academicSessions: sessionRecords(calendar, terms, (key) => id("academicSession", key)),
    courses: [...courses.values()],
    classes,
    users,
    enrollments,
    notes: rosterNotes(roster, counts),
  };
}

function userRecord(person: RosterPerson, sourcedId: string, orgs: string[], policy: "omit" | "store", counts: { usernameFromId: number }): User {
  const store = policy === "store" && person.identityNumber !== null;
  const userIds: UserId[] = store ? [{ type: person.identityNumber!.kind === "temporary" ? "reservnummer" : "personnummer", identifier: person.identityNumber!.value }] : [];
  if (!person.email) counts.usernameFromId++;
  return {
    sourcedId,
    username: person.email ?? sourcedId,
    enabledUser: true,
    givenName: person.givenName,
    familyName: person.familyName,
    role: person.role,
    identifier: store ? person.identityNumber!.value : null,
    email: person.email,
    sms: person.sms,
    phone: person.phone,
    grades: person.role === "student" ? [...person.grades].sort() : [],
    orgSourcedIds: orgs,
    primaryOrgSourcedId: orgs[0]!,
    userIds,
  };
}

function rosterNotes(roster: Roster, counts: { groupsWithoutSchool: number; personsWithoutSchool: number; linksToUnknown: number; usernameFromId: number }): SyncWarning[] {
  const notes: SyncWarning[] = [];
  const note = (entity: SyncWarning["entity"], count: number, why: string) => {
    if (count > 0) notes.push({ entity, why: `${count} ${why}` });
  };
  note("users", roster.counts.protected, "person(s) with protected identity (skyddad identitet) left out with their memberships and links");
  note("users", roster.counts.withoutStableKey, "person(s) with only a temporary number and no id or e-mail to key them by: left out");
  note("users", counts.personsWithoutSchool, "person(s) at no imported school: left out");
  note("users", counts.usernameFromId, "user(s) without e-mail: their username is their sourcedId");
  note("classes", counts.groupsWithoutSchool, "group(s) at no imported school: left out");
  note("enrollments", counts.linksToUnknown, "membership(s) or guardian link(s) naming a person or group not imported: left out");
  for (const [what, count] of roster.counts.unsupported) note("enrollments", count, `${what} row(s): not held by OneRoster 1.1, left out`);
  return notes;
}
