import type { Demographics, User, UserRole } from "../../src/model/canonical.ts";
import { cedsGrade } from "./grades.ts";
import { demographicsOf, personFields } from "./person-fields.ts";
import { isInactive, isProtected, roleOfDuty, roleOfRelation, strongerRole } from "./roles.ts";
import type { Ss12000Settings } from "./settings.ts";
import { isCurrent, type SourceData } from "./source-data.ts";
import type { Person } from "./types.ts";

export interface PeopleCounts {
  /** Persons left out for a protective marking (never named anywhere). */
  protected: number;
  /** Emigrated or deceased. */
  inactive: number;
  /** Neither enrolled, placed nor on duty at an imported organisation, nor responsible for an imported student. */
  outOfScope: number;
  /** Users without eduPersonPrincipalName or e-mail, who got their sourcedId as username. */
  usernameFromId: number;
  /** Students and staff the identity source (if any) gave an e-mail or username, and those it did not know. */
  identityMatched: number;
  identityUnmatched: number;
}

/** A second source of e-mail and username, and how to find a person in it. */
export interface IdentityEnrichment {
  find(person: Person): { email?: string; username?: string } | undefined;
}

interface Pending {
  user: User;
  /** Responsible persons: id and whether they may become agents. */
  responsibles: Array<{ id: string; role: UserRole }>;
}

/**
 * Turns persons into users, one at a time as they are read. Staff and students are settled at once; a person who is
 * neither waits until every person is read, because whether they are a guardian depends on the students.
 * Persons with a protective marking are dropped on sight and only counted; so are their links.
 */
export class PeopleBuilder {
  readonly counts: PeopleCounts = { protected: 0, inactive: 0, outOfScope: 0, usernameFromId: 0, identityMatched: 0, identityUnmatched: 0 };
  /** Ids of dropped protected persons: their memberships and links must go too. */
  readonly protectedIds = new Set<string>();
  readonly #staffOrgs = new Map<string, { role: UserRole; orgs: Set<string> }>();
  readonly #placements = new Map<string, Set<string>>();
  readonly #students: Pending[] = [];
  readonly #staff: User[] = [];
  readonly #candidates = new Map<string, User>();
  readonly #demographics: Demographics[] = [];
  #gradesById: Map<string, string[]> | undefined;
  #staffIds: Set<string> | undefined;
  /** Every user users() yielded. */
  readonly yielded = new Set<string>();

  /** Persons read who are not users (protected, inactive, out of scope). */
  readonly excluded = new Set<string>();

  /**
   * `partial`: the persons read are some of the source's (a delta run). Then anyone not read may well be a user
   * already stored, so links and memberships are kept unless their person was read and is not a user.
   */
  constructor(
    readonly data: SourceData,
    readonly settings: Ss12000Settings,
    readonly today: string,
    readonly orgIds: ReadonlySet<string>,
    readonly partial = false,
    readonly identity?: IdentityEnrichment,
  ) {
    for (const duty of data.duties.values()) {
      if (!isCurrent(duty, today) || !orgIds.has(duty.orgId)) continue;
      const role = roleOfDuty(duty.dutyRole);
      const known = this.#staffOrgs.get(duty.personId);
      if (known) {
        known.role = strongerRole(known.role, role);
        known.orgs.add(duty.orgId);
      } else this.#staffOrgs.set(duty.personId, { role, orgs: new Set([duty.orgId]) });
    }
    for (const placement of data.placements) {
      if (!isCurrent(placement, today) || !orgIds.has(placement.orgId)) continue;
      const orgs = this.#placements.get(placement.childId) ?? new Set<string>();
      orgs.add(placement.orgId);
      this.#placements.set(placement.childId, orgs);
    }
  }

  add(person: Person): void {
    const id = this.#intern(person.id);
    if (isProtected(person.securityMarking)) {
      this.counts.protected++;
      this.protectedIds.add(id);
      this.excluded.add(id);
      return;
    }
    if (isInactive(person.personStatus)) {
      this.counts.inactive++;
      this.excluded.add(id);
      return;
    }
    if (this.settings.demographics) {
      const demographics = demographicsOf(person);
      if (demographics) this.#demographics.push(demographics);
    }
    const staff = this.#staffOrgs.get(id);
    if (staff) {
      this.#staff.push(this.#user(person, "staff", staff.role, [...staff.orgs], []));
      return;
    }
    const enrolments = (person.enrolments ?? []).filter((e) => e.cancelled !== true && isCurrent(e, this.today) && this.orgIds.has(e.enroledAt.id));
    const studentOrgs = new Set([...enrolments.map((e) => this.#intern(e.enroledAt.id)), ...(this.#placements.get(id) ?? [])]);
    if (studentOrgs.size > 0) {
      const grades = [...new Set(enrolments.map((e) => cedsGrade(e.schoolType, e.schoolYear)).filter((g) => g !== undefined))];
      const user = this.#user(person, "student", "student", [...studentOrgs], grades);
      const responsibles = (person.responsibles ?? [])
        .filter((r) => this.settings.guardianRelationTypes.includes(r.relationType ?? "") && !isProtected(r.person.securityMarking))
        .map((r) => ({ id: this.#intern(r.person.id), role: roleOfRelation(r.relationType) }));
      this.#students.push({ user, responsibles });
      return;
    }
    this.#candidates.set(id, this.#user(person, "guardian", "guardian", [], []));
  }

  readonly #intern = (value: string) => this.data.strings.get(value);

  #user(person: Person, audience: "student" | "staff" | "guardian", role: UserRole, orgs: string[], grades: string[]): User {
    const fields = personFields(person, this.settings, audience, this.#intern);
    const found = this.identity?.find(person);
    if (found?.email) fields.email = found.email;
    if (found?.username) fields.username = found.username;
    if (this.identity && audience !== "guardian") {
      if (found) this.counts.identityMatched++;
      else this.counts.identityUnmatched++;
    }
    if (fields.username === person.id) this.counts.usernameFromId++;
    // Spelled out rather than spread: V8 gave every spread user a hidden class of its own (~80 MB for 180 000 users).
    return {
      sourcedId: fields.sourcedId,
      username: fields.username,
      givenName: fields.givenName,
      familyName: fields.familyName,
      middleName: fields.middleName,
      email: fields.email,
      sms: fields.sms,
      phone: fields.phone,
      identifier: fields.identifier,
      userIds: fields.userIds,
      role,
      enabledUser: true,
      orgSourcedIds: orgs,
      primaryOrgSourcedId: orgs[0] ?? null,
      grades,
    };
  }

  /**
   * Every user, once all persons are read: staff, then guardians (responsible for a student here; their orgs are
   * their students' schools), then students with links to the guardians and staff that exist. Read once: the users
   * are let go as the last is yielded.
   */
  *users(): Generator<User> {
    yield* this.#staff;
    const guardianOrgs = new Map<string, { role: UserRole; orgs: Set<string> }>();
    for (const { user, responsibles } of this.#students) {
      for (const { id, role } of responsibles) {
        if (this.protectedIds.has(id)) continue;
        const entry = guardianOrgs.get(id) ?? { role, orgs: new Set<string>() };
        if (role === "guardian") entry.role = "guardian";
        for (const org of user.orgSourcedIds) entry.orgs.add(org);
        guardianOrgs.set(id, entry);
      }
    }
    const yielded = this.yielded;
    for (const staff of this.#staff) yielded.add(staff.sourcedId);
    for (const [id, candidate] of this.#candidates) {
      const guardian = guardianOrgs.get(id);
      if (!guardian) {
        this.counts.outOfScope++;
        this.excluded.add(id);
        continue;
      }
      const orgs = [...guardian.orgs].sort();
      yielded.add(id);
      yield { ...candidate, role: guardian.role, orgSourcedIds: orgs, primaryOrgSourcedId: orgs[0] ?? null };
    }
    for (const { user, responsibles } of this.#students) {
      yielded.add(user.sourcedId);
      yield { ...user, agentSourcedIds: responsibles.map((r) => r.id).filter((id) => this.admits(id)) };
    }
    this.#release();
  }

  /** Once the users are read, only who is staff and the students' grades are asked for (by the enrollments). */
  #release(): void {
    this.#studentGrades();
    this.#staffIdSet();
    this.#staff.length = 0;
    this.#students.length = 0;
    this.#candidates.clear();
  }

  /** Made from the students the first time it is asked for, and kept once they are let go. */
  #studentGrades(): Map<string, string[]> {
    return (this.#gradesById ??= new Map(this.#students.map((s) => [s.user.sourcedId, s.user.grades ?? []])));
  }

  #staffIdSet(): Set<string> {
    return (this.#staffIds ??= new Set(this.#staff.map((u) => u.sourcedId)));
  }

  /** May a link or membership name this person? Call after users(). */
  admits(id: string): boolean {
    return this.partial ? !this.excluded.has(id) : this.yielded.has(id);
  }

  /** A student's grades (from their current enrolments); undefined for anyone else. */
  gradesOfStudent(id: string): string[] | undefined {
    return this.#studentGrades().get(id);
  }

  isStaff(id: string): boolean {
    return this.#staffIdSet().has(id);
  }

  /** Demographics of the users yielded (call after users()). */
  demographics(): Demographics[] {
    return this.#demographics.filter((d) => this.yielded.has(d.sourcedId));
  }
}
