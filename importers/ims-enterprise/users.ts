import type { Demographics, User } from "../../src/model/canonical.ts";
import { isTemporaryNumber } from "../../src/model/personnummer.ts";
import { userIdsOf } from "./identity.ts";
import type { MapState } from "./mapping-types.ts";
import type { ImsPerson } from "./records.ts";
import { addTo, type RolesAtSchools } from "./roles-at-schools.ts";
import { staffRole } from "./roles.ts";

/**
 * Users from persons: staff (a teaching or administrative role, or a Personnel API placement, at a school) before
 * students; then guardians of students, at their students' schools, linked as the students' agents. In a delta, a
 * person named without their memberships keeps the role and schools stored before. Persons who are none of these are
 * counted, not imported. Keyed by IMS person id.
 */
export function buildUsers(state: MapState, roles: RolesAtSchools): { users: Map<string, User>; demographics: Demographics[] } {
  const { settings, context, ids, counts, persons, gone } = state;
  const users = new Map<string, User>();
  const demographics: Demographics[] = [];
  const usernameTypes = settings.usernameUserIdTypes.map((t) => t.toLowerCase());
  const userOf = (person: ImsPerson, role: User["role"], schoolIds: Iterable<string>, email: string | undefined): User => {
    const { identifier, userIds } = userIdsOf(person, settings);
    const login = person.userIds.find((u) => usernameTypes.includes(u.type.toLowerCase()))?.value;
    const sourcedId = ids.person(person.id);
    const username = login ?? email ?? sourcedId;
    if (username === sourcedId) counts.usernameFromId++;
    const orgSourcedIds = [...new Set(schoolIds)].sort();
    const [givenName, familyName] = namesOf(person);
    if (settings.demographics) {
      const found = demographicsOf(person, sourcedId);
      if (found) demographics.push(found);
    }
    return {
      sourcedId,
      username,
      enabledUser: true,
      givenName,
      familyName,
      middleName: person.middle ?? null,
      role,
      identifier,
      email: email ?? null,
      sms: person.mobile ?? null,
      phone: person.phone ?? person.mobile ?? null,
      orgSourcedIds,
      primaryOrgSourcedId: orgSourcedIds[0] ?? null,
      userIds,
      grades: [],
    };
  };

  for (const person of persons.values()) {
    const staff = roles.staffRoles.get(person.id);
    const email = roles.personnel.get(person.id)?.email ?? person.schoolEmail;
    const stored = context.baseline?.users.get(ids.person(person.id));
    const storedSchools = stored?.orgSourcedIds ?? [];
    if (staff && staff.schools.size > 0) users.set(person.id, userOf(person, staffRole(staff.kinds), [...staff.schools, ...storedSchools], email));
    else if (roles.studentSchools.has(person.id)) users.set(person.id, userOf(person, "student", [...roles.studentSchools.get(person.id)!, ...storedSchools], email));
    else if (stored && stored.role !== "guardian") {
      const user = userOf(person, stored.role, storedSchools, email);
      if (stored.role === "student") user.agentSourcedIds = (stored.agentSourcedIds ?? []).filter((id) => !gone.has(id));
      users.set(person.id, user);
    }
  }

  const guardianSchools = new Map<string, Set<string>>();
  for (const [student, guardians] of roles.guardiansOf) {
    const user = users.get(student);
    if (user?.role !== "student") continue;
    for (const guardian of guardians) for (const school of user.orgSourcedIds) addTo(guardianSchools, guardian, school);
  }
  for (const person of persons.values()) {
    const stored = context.baseline?.users.get(ids.person(person.id));
    if (stored?.role === "guardian" && !users.has(person.id)) for (const school of stored.orgSourcedIds) addTo(guardianSchools, person.id, school);
  }
  for (const [guardianId, schoolIds] of guardianSchools) {
    const person = persons.get(guardianId);
    if (!person || users.has(guardianId)) continue;
    users.set(guardianId, userOf(person, "guardian", schoolIds, person.homeEmail ?? person.schoolEmail));
  }
  for (const [studentId, guardians] of roles.guardiansOf) {
    const student = users.get(studentId);
    if (student?.role !== "student") continue;
    student.agentSourcedIds = [...guardians].filter((g) => users.get(g)?.role === "guardian").map((g) => ids.person(g)).sort();
  }
  for (const person of persons.values()) if (!users.has(person.id)) counts.outOfScope++;
  counts.temporaryIds = [...users.keys()].filter((id) => isTemporaryNumber(id)).length;
  return { users, demographics };
}

/** Given and family name: the name parts, else the formatted name ("Family, Given" as Edlevo writes it). */
function namesOf(person: ImsPerson): [string, string] {
  if (person.given !== undefined || person.family !== undefined) return [person.given ?? "", person.family ?? ""];
  const fn = person.fn ?? "";
  const comma = fn.indexOf(",");
  if (comma >= 0) return [fn.slice(comma + 1).trim(), fn.slice(0, comma).trim()];
  const space = fn.lastIndexOf(" ");
  return space >= 0 ? [fn.slice(0, space).trim(), fn.slice(space + 1).trim()] : [fn, ""];
}

/** Birth date and sex: Tieto writes Female/Male, IMS 1.1 codes 1 (female) and 2 (male). */
function demographicsOf(person: ImsPerson, sourcedId: string): Demographics | undefined {
  const gender = person.gender ?? "";
  const sex = /^(female|1|f)$/i.test(gender) ? "female" : /^(male|2|m)$/i.test(gender) ? "male" : null;
  const birthDate = /^\d{4}-\d{2}-\d{2}$/.test(person.birthDate ?? "") ? person.birthDate! : null;
  return sex || birthDate ? { sourcedId, birthDate, sex } : undefined;
}
