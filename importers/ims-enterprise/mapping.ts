import { personnummerKey } from "../../src/model/personnummer.ts";
import { buildClasses } from "./classes.ts";
import { IdMaker, identityNumberOf } from "./identity.ts";
import type { ImsCounts, ImsMapContext, MappedIms, MapState } from "./mapping-types.ts";
import type { ImsPerson, ImsRole } from "./records.ts";
import { rolesAtSchools } from "./roles-at-schools.ts";
import { placeGroups, schoolRecords } from "./schools.ts";
import type { ImsMappingSettings } from "./settings.ts";
import type { ImsSource, PersonnelStaff } from "./source-model.ts";
import { buildUsers } from "./users.ts";

export type { ImsBaseline, ImsCounts, ImsMapContext, MappedIms } from "./mapping-types.ts";

/**
 * Maps what the files said to canonical records: schools and where groups belong (schools.ts), who is what where
 * (roles-at-schools.ts), users (users.ts), classes, courses, terms and enrollments (classes.ts). Persons with a
 * protected identity, from the organisation files or the Personnel API, are left out before any of it.
 */
export function mapImsSource(source: ImsSource, settings: ImsMappingSettings, context: ImsMapContext): MappedIms {
  const ids = new IdMaker(context.tenantId, context.sourceId);
  const counts: ImsCounts = { protected: 0, membershipsOfProtected: 0, inactive: source.inactiveIds.size, outOfScope: 0, groupsWithoutSchool: 0, membershipsOfNonUsers: 0, temporaryIds: 0, usernameFromId: 0 };
  const protectedIds = new Set(source.protectedIds);
  for (const person of source.persons.values()) if (personnelOf(source, person, settings) === "protected") protectedIds.add(person.id);
  counts.protected = protectedIds.size;
  const state: MapState = {
    source,
    settings,
    context,
    ids,
    counts,
    current: (role: ImsRole) => role.recstatus !== 3 && !role.inactive && (role.end === undefined || role.end >= context.today),
    protectedIds,
    persons: new Map([...source.persons].filter(([id]) => !protectedIds.has(id))),
    gone: new Set([...source.deletedPersons, ...protectedIds, ...source.inactiveIds].map((id) => ids.person(id))),
  };
  const structure = placeGroups(state);
  const roles = rolesAtSchools(state, structure, (id) => {
    const found = personnelOf(source, source.persons.get(id)!, settings);
    return found === "protected" ? undefined : found;
  });
  const { users, demographics } = buildUsers(state, roles);
  const built = buildClasses(state, structure, users);
  return {
    orgs: schoolRecords(state, structure, roles.codeOf),
    ...built,
    users: [...users.values()],
    demographics,
    counts,
    placedClassIds: (onlyComplete) => [...structure.placed.keys()].filter((id) => !onlyComplete || source.completeGroups.has(id)).map((id) => ids.of("class", id)),
    classIdOf: (imsId) => ids.of("class", imsId),
    orgIdOf: (imsId) => ids.of("org", imsId),
    userIdOf: (imsId) => ids.person(imsId),
    goneUserIds: [...state.gone],
  };
}

/** The Personnel API's record of an organisation person (by UNIQUEID userid or a real personnummer), or "protected". */
function personnelOf(source: ImsSource, person: ImsPerson, settings: ImsMappingSettings): PersonnelStaff | "protected" | undefined {
  if (source.staffByUniqueId.size === 0 && source.staffByPersonnummer.size === 0 && source.protectedStaffKeys.size === 0) return undefined;
  const uniqueId = person.userIds.find((u) => u.type.toUpperCase() === "UNIQUEID")?.value;
  const number = identityNumberOf(person, settings);
  const key = number && number.kind !== "temporary" ? personnummerKey(number.normalized) : undefined;
  if ((uniqueId && source.protectedStaffKeys.has(`u:${uniqueId}`)) || (key && source.protectedStaffKeys.has(`p:${key}`))) return "protected";
  return (uniqueId ? source.staffByUniqueId.get(uniqueId) : undefined) ?? (key ? source.staffByPersonnummer.get(key) : undefined);
}
