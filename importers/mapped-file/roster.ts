import type { UserRole } from "../../src/model/canonical.ts";

/**
 * A register file's content before it becomes OneRoster records: schools, groups (homeroom classes and teaching
 * groups), persons and who belongs to which group. The Unikum and mapped-file readers fill one; roster-records.ts
 * turns it into canonical records. Keys are the file's own ids (already made stable: never a temporary number).
 */
export interface RosterSchool {
  key: string;
  name: string;
  /** Skolenhetskod / SCB school id. */
  code: string | null;
}

export interface RosterGroup {
  key: string;
  name: string;
  /** Undefined until the file says where the group belongs. */
  schoolKey: string | undefined;
  kind: "homeroom" | "scheduled";
  subject: string | null;
}

export type RosterRole = Extract<UserRole, "student" | "teacher" | "administrator" | "aide" | "guardian">;

export interface RosterPerson {
  key: string;
  givenName: string;
  familyName: string;
  email: string | null;
  phone: string | null;
  sms: string | null;
  /** Normalised personnummer, samordningsnummer or temporary number; kept only with `personnummer: store`. */
  identityNumber: { kind: "personnummer" | "samordningsnummer" | "temporary"; value: string } | null;
  role: RosterRole;
  schoolKeys: Set<string>;
  /** CEDS grade levels (students). */
  grades: Set<string>;
  /** Keys of the students this person is a guardian of. */
  guardianOf: Set<string>;
}

export interface RosterMembership {
  personKey: string;
  groupKey: string;
  role: "student" | "teacher";
}

/** What the reader left out or could not use: counts only, never who. */
export interface RosterCounts {
  /** Persons with protected identity, dropped with every link naming them. */
  protected: number;
  /** Persons with only a temporary number (or none) and nothing else to key them by. */
  withoutStableKey: number;
  /** Relations the format has that OneRoster cannot hold (counted per relation type). */
  unsupported: Map<string, number>;
}

const ROLE_STRENGTH: Record<RosterRole, number> = { guardian: 0, student: 1, aide: 2, teacher: 3, administrator: 4 };

/** Collects a file's content; a person or group named twice is merged (staff outrank student, student outranks guardian). */
export class Roster {
  readonly schools = new Map<string, RosterSchool>();
  readonly groups = new Map<string, RosterGroup>();
  readonly persons = new Map<string, RosterPerson>();
  readonly #memberships = new Map<string, RosterMembership>();
  /** Keys of protected persons, only so that links naming them are dropped too; never output. */
  readonly protectedKeys = new Set<string>();
  readonly counts: RosterCounts = { protected: 0, withoutStableKey: 0, unsupported: new Map() };

  addSchool(school: RosterSchool): void {
    const known = this.schools.get(school.key);
    if (!known) this.schools.set(school.key, { ...school });
    else {
      if (school.name && known.name === known.key) known.name = school.name;
      known.code ??= school.code;
    }
  }

  addGroup(group: RosterGroup): RosterGroup {
    const known = this.groups.get(group.key);
    if (!known) {
      const added = { ...group };
      this.groups.set(group.key, added);
      return added;
    }
    known.schoolKey ??= group.schoolKey;
    known.subject ??= group.subject;
    if (group.kind === "homeroom") known.kind = "homeroom";
    return known;
  }

  addPerson(person: Omit<RosterPerson, "schoolKeys" | "grades" | "guardianOf"> & Partial<Pick<RosterPerson, "schoolKeys" | "grades" | "guardianOf">>): RosterPerson {
    const known = this.persons.get(person.key);
    if (!known) {
      const added: RosterPerson = { schoolKeys: new Set(), grades: new Set(), guardianOf: new Set(), ...person };
      this.persons.set(person.key, added);
      return added;
    }
    if (ROLE_STRENGTH[person.role] > ROLE_STRENGTH[known.role]) known.role = person.role;
    if (!known.givenName) known.givenName = person.givenName;
    if (!known.familyName) known.familyName = person.familyName;
    known.email ??= person.email;
    known.phone ??= person.phone;
    known.sms ??= person.sms;
    known.identityNumber ??= person.identityNumber;
    for (const s of person.schoolKeys ?? []) known.schoolKeys.add(s);
    for (const g of person.grades ?? []) known.grades.add(g);
    for (const g of person.guardianOf ?? []) known.guardianOf.add(g);
    return known;
  }

  /** Gives a person at least this role. */
  promote(person: RosterPerson, role: RosterRole): void {
    if (ROLE_STRENGTH[role] > ROLE_STRENGTH[person.role]) person.role = role;
  }

  /** A protected person: counted once, and remembered only so that links naming them are dropped. */
  addProtected(key: string | undefined): void {
    if (key !== undefined) {
      if (this.protectedKeys.has(key)) return;
      this.protectedKeys.add(key);
    }
    this.counts.protected++;
  }

  addMembership(membership: RosterMembership): void {
    this.#memberships.set(membershipKey(membership), membership);
  }

  removeMembership(membership: RosterMembership): void {
    this.#memberships.delete(membershipKey(membership));
  }

  memberships(): Iterable<RosterMembership> {
    return this.#memberships.values();
  }

  countUnsupported(what: string): void {
    this.counts.unsupported.set(what, (this.counts.unsupported.get(what) ?? 0) + 1);
  }
}

function membershipKey(m: RosterMembership): string {
  return `${m.personKey}\u0000${m.groupKey}\u0000${m.role}`;
}
