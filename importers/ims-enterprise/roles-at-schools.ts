import type { MapState } from "./mapping-types.ts";
import { roleKind, type RoleKind } from "./roles.ts";
import type { Structure } from "./schools.ts";
import type { PersonnelStaff } from "./source-model.ts";

/** Who is what where: persons' student and staff roles by school, guardians of students, skolenhetskoder seen. */
export interface RolesAtSchools {
  studentSchools: Map<string, Set<string>>;
  staffRoles: Map<string, { kinds: Set<RoleKind>; schools: Set<string> }>;
  /** Student IMS id → guardian IMS ids (named together in a group, e.g. Tieto's ContactGroup). */
  guardiansOf: Map<string, Set<string>>;
  /** Personnel API records of organisation persons. */
  personnel: Map<string, PersonnelStaff>;
  /** A school's skolenhetskod: the one most placements and responsibilities at it name. */
  codeOf(schoolId: string): string | undefined;
}

export function addTo<K, V>(map: Map<K, Set<V>>, key: K, value: V): void {
  map.set(key, (map.get(key) ?? new Set<V>()).add(value));
}

/** Reads every current person role of every membership (protected persons' memberships are counted and dropped). */
export function rolesAtSchools(state: MapState, structure: Structure, staffOf: (personImsId: string) => PersonnelStaff | undefined): RolesAtSchools {
  const { source, counts, current, protectedIds } = state;
  const studentSchools = new Map<string, Set<string>>();
  const staffRoles = new Map<string, { kinds: Set<RoleKind>; schools: Set<string> }>();
  const guardiansOf = new Map<string, Set<string>>();
  const unitCodes = new Map<string, Map<string, number>>();
  const staffEntry = (id: string) => staffRoles.get(id) ?? { kinds: new Set<RoleKind>(), schools: new Set<string>() };
  for (const [host, members] of source.members) {
    const schoolId = structure.schoolOfHost(host);
    const students: string[] = [];
    const guardians: string[] = [];
    for (const member of members) {
      if (member.kind !== "person") continue;
      if (protectedIds.has(member.id)) {
        counts.membershipsOfProtected++;
        continue;
      }
      for (const role of member.roles.filter(current)) {
        const kind = roleKind(role.roleType);
        if (kind === "guardian") guardians.push(member.id);
        if (kind === "student") students.push(member.id);
        if (schoolId === undefined) continue;
        for (const code of role.schoolUnitCodes) {
          const tally = unitCodes.get(schoolId) ?? new Map<string, number>();
          tally.set(code, (tally.get(code) ?? 0) + 1);
          unitCodes.set(schoolId, tally);
        }
        if (kind === "student") addTo(studentSchools, member.id, schoolId);
        if (kind === "teacher" || kind === "mentor" || kind === "administrator") {
          const entry = staffEntry(member.id);
          entry.kinds.add(kind);
          entry.schools.add(schoolId);
          staffRoles.set(member.id, entry);
        }
      }
    }
    for (const guardian of guardians) for (const student of students) if (student !== guardian) addTo(guardiansOf, student, guardian);
  }
  const codeOf = (schoolId: string) => [...(unitCodes.get(schoolId) ?? new Map<string, number>())].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0];

  // Personnel API: staff placed at a school unit by its skolenhetskod; their work e-mail.
  const schoolByCode = new Map<string, string>();
  for (const schoolId of unitCodes.keys()) schoolByCode.set(codeOf(schoolId)!, schoolId);
  const personnel = new Map<string, PersonnelStaff>();
  for (const person of state.persons.values()) {
    const staff = staffOf(person.id);
    if (!staff) continue;
    personnel.set(person.id, staff);
    const entry = staffEntry(person.id);
    entry.kinds.add(staff.teaching ? "teacher" : "administrator");
    for (const code of staff.schoolUnitCodes) {
      const school = schoolByCode.get(code);
      if (school) entry.schools.add(school);
    }
    if (entry.schools.size > 0) staffRoles.set(person.id, entry);
  }
  return { studentSchools, staffRoles, guardiansOf, personnel, codeOf };
}
