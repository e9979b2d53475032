import type { ImsGroup, ImsMember, ImsMembership, ImsPerson, ImsProperties } from "./records.ts";

/** Staff details from Edlevo's Personnel API, matched to organisation persons by unique id or personnummer. */
export interface PersonnelStaff {
  uniqueId?: string | undefined;
  /** 12-digit personnummer key (never a temporary number). */
  personnummerKey?: string | undefined;
  email?: string | undefined;
  teaching: boolean;
  schoolUnitCodes: string[];
}

/**
 * Everything the mapping needs from one or more IMS files, gathered as records stream by. Persons with a protected
 * identity are never kept: only their ids, so that their memberships can be dropped as well.
 */
export class ImsSource {
  readonly persons = new Map<string, ImsPerson>();
  readonly protectedIds = new Set<string>();
  readonly inactiveIds = new Set<string>();
  readonly deletedPersons = new Set<string>();
  readonly deletedGroups = new Set<string>();
  readonly groups = new Map<string, ImsGroup>();
  /** Host group id → its members, from every membership element naming it. */
  readonly members = new Map<string, ImsMember[]>();
  /** Host groups whose membership said complete="true". */
  readonly completeGroups = new Set<string>();
  /** Personnel API staff by unique id and by personnummer key; protected ones are only in protectedStaff. */
  readonly staffByUniqueId = new Map<string, PersonnelStaff>();
  readonly staffByPersonnummer = new Map<string, PersonnelStaff>();
  readonly protectedStaffKeys = new Set<string>();
  properties: ImsProperties = {};
  records = 0;

  addPerson(person: ImsPerson): void {
    this.records++;
    if (person.protectedIdentity) {
      this.protectedIds.add(person.id);
      return;
    }
    if (person.recstatus === 3) {
      this.deletedPersons.add(person.id);
      return;
    }
    if (person.inactive) {
      this.inactiveIds.add(person.id);
      return;
    }
    this.persons.set(person.id, person);
  }

  addGroup(group: ImsGroup): void {
    this.records++;
    if (group.recstatus === 3) {
      this.deletedGroups.add(group.id);
      return;
    }
    this.groups.set(group.id, group);
  }

  addMembership(membership: ImsMembership): void {
    this.records++;
    const list = this.members.get(membership.groupId) ?? [];
    list.push(...membership.members);
    this.members.set(membership.groupId, list);
    if (membership.complete) this.completeGroups.add(membership.groupId);
  }

  addStaff(staff: PersonnelStaff, protectedIdentity: boolean): void {
    this.records++;
    if (protectedIdentity) {
      if (staff.uniqueId) this.protectedStaffKeys.add(`u:${staff.uniqueId}`);
      if (staff.personnummerKey) this.protectedStaffKeys.add(`p:${staff.personnummerKey}`);
      return;
    }
    if (staff.uniqueId) this.staffByUniqueId.set(staff.uniqueId, staff);
    if (staff.personnummerKey) this.staffByPersonnummer.set(staff.personnummerKey, staff);
  }
}
