import type { Org } from "../../src/model/canonical.ts";
import { isType, type ClassKind, type MapState, type Placed } from "./mapping-types.ts";
import type { ImsGroup } from "./records.ts";

/** The schools of the files and where every class-like group belongs. */
export interface Structure {
  /** School groups by IMS id. */
  schools: ReadonlyMap<string, ImsGroup>;
  /** Schools only named (a group's org/orgname, the default school): key → name. */
  namedSchools: ReadonlyMap<string, string>;
  /** Every school's name by sourcedId, stored ones included. */
  schoolNames: ReadonlyMap<string, string>;
  /** Groups that become classes (and, in a delta, stored classes the files name) by IMS id. */
  placed: ReadonlyMap<string, Placed>;
  /** The school (sourcedId) a membership's host is, or belongs to. */
  schoolOfHost(hostImsId: string): string | undefined;
}

/**
 * Schools are groups of a school type, or plain groups holding other groups. Every other group, unless ignored,
 * is a homeroom or scheduled class at the school that holds it (Tieto's only link), its `<relationship>` parent, its
 * `<org><id>` or `<org><orgname>`, or the default school. A delta may name a school or class stored before.
 */
export function placeGroups(state: MapState): Structure {
  const { source, settings, context, ids, counts, current } = state;
  const parentsOf = new Map<string, string[]>();
  for (const [host, members] of source.members) {
    for (const member of members) {
      if (member.kind !== "group" || !member.roles.some(current)) continue;
      parentsOf.set(member.id, [...(parentsOf.get(member.id) ?? []), host]);
    }
  }
  const isClassType = (g: ImsGroup) => isType(g, settings.homeroomGroupTypes) || isType(g, settings.scheduledGroupTypes);
  const schools = new Map<string, ImsGroup>();
  for (const group of source.groups.values()) {
    const holdsGroups = (source.members.get(group.id) ?? []).some((m) => m.kind === "group");
    if (isType(group, settings.schoolGroupTypes) || (holdsGroups && !isClassType(group) && !isType(group, settings.ignoredGroupTypes))) schools.set(group.id, group);
  }
  const isSchool = (imsId: string) => schools.has(imsId) || (context.baseline?.orgs.has(ids.of("org", imsId)) ?? false);
  const schoolNames = new Map(context.baseline?.orgs ?? []);
  for (const [imsId, school] of schools) schoolNames.set(ids.of("org", imsId), school.name);
  const namedSchools = new Map<string, string>();
  const namedSchool = (key: string, name: string) => {
    namedSchools.set(key, name);
    schoolNames.set(ids.of("org", key), name);
    return key;
  };
  const schoolOf = (group: ImsGroup): string | undefined => {
    const linked = [...(parentsOf.get(group.id) ?? []), ...group.parentIds, ...(group.orgId ? [group.orgId] : [])].find(isSchool);
    if (linked !== undefined) return linked;
    if (group.orgName) return [...schools.values()].find((s) => s.name === group.orgName)?.id ?? namedSchool(`orgname/${group.orgName}`, group.orgName);
    return settings.defaultSchool ? namedSchool(`default/${settings.defaultSchool.id}`, settings.defaultSchool.name) : undefined;
  };

  const placed = new Map<string, Placed>();
  for (const group of source.groups.values()) {
    if (schools.has(group.id) || isType(group, settings.ignoredGroupTypes)) continue;
    const kind: ClassKind | undefined = isType(group, settings.homeroomGroupTypes)
      ? "homeroom"
      : settings.scheduledGroupTypes.length === 0 || isType(group, settings.scheduledGroupTypes)
        ? "scheduled"
        : undefined;
    if (!kind) continue;
    const schoolImsId = schoolOf(group);
    // A delta may update a group without naming its school again: the school stored before.
    const schoolId = schoolImsId !== undefined ? ids.of("org", schoolImsId) : context.baseline?.classes.get(ids.of("class", group.id))?.schoolSourcedId;
    if (schoolId === undefined) {
      counts.groupsWithoutSchool++;
      continue;
    }
    placed.set(group.id, { group, kind, schoolId });
  }
  // A delta's membership of a class it does not describe: a class stored before.
  for (const host of source.members.keys()) {
    const stored = placed.has(host) || isSchool(host) ? undefined : context.baseline?.classes.get(ids.of("class", host))?.schoolSourcedId;
    if (stored) placed.set(host, { schoolId: stored });
  }
  return {
    schools,
    namedSchools,
    schoolNames,
    placed,
    schoolOfHost: (host) => (isSchool(host) ? ids.of("org", host) : placed.get(host)?.schoolId),
  };
}

/** School orgs: the school groups (identifier: the skolenhetskod most roles at them name) and the named schools. */
export function schoolRecords(state: MapState, structure: Structure, codeOf: (schoolId: string) => string | undefined): Org[] {
  const { ids, settings } = state;
  const orgs: Org[] = [...structure.schools.values()].map((school) => ({
    sourcedId: ids.of("org", school.id),
    name: school.name,
    type: "school",
    identifier: codeOf(ids.of("org", school.id)) ?? null,
  }));
  for (const [key, name] of structure.namedSchools) {
    orgs.push({ sourcedId: ids.of("org", key), name, type: "school", identifier: key.startsWith("default/") ? settings.defaultSchool!.id : null });
  }
  return orgs;
}
