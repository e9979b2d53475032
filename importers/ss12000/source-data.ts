import type { Activity, Duty, Group, Organisation, Placement, Syllabus } from "./types.ts";

/**
 * What the importer keeps of the source's structure while it maps: objects reduced to the fields the mapping uses,
 * with repeated strings (person ids, dates) interned, so a municipality with a million memberships fits in memory.
 */

/** The terms of a membership, one shared instance for every membership with the same terms. */
export interface MembershipTerms {
  /** The reference carried a protective marking. */
  readonly marked: boolean;
  readonly startDate: string | undefined;
  readonly endDate: string | undefined;
}

/**
 * A group's memberships as two parallel lists, person and terms: an object per membership cost 56 bytes more each
 * (50 MB for the 900 000 memberships of a 70 000-student municipality).
 */
export interface Members {
  personIds: string[];
  terms: MembershipTerms[];
}

export interface CompactGroup {
  id: string;
  name: string;
  groupType: string | undefined;
  schoolType: string | undefined;
  orgId: string;
  startDate: string | undefined;
  endDate: string | undefined;
  members: Members;
}

export interface CompactActivity {
  id: string;
  name: string;
  orgId: string;
  startDate: string | undefined;
  endDate: string | undefined;
  groupIds: string[];
  teachers: Array<{ dutyId: string; startDate: string | undefined; endDate: string | undefined; grader: boolean }>;
  syllabusId: string | undefined;
}

export interface CompactDuty {
  id: string;
  personId: string;
  marked: boolean;
  orgId: string;
  dutyRole: string | undefined;
  startDate: string | undefined;
  endDate: string | undefined;
  mentorOf: Array<{ groupId: string; startDate: string | undefined; endDate: string | undefined }>;
}

export interface CompactPlacement {
  childId: string;
  marked: boolean;
  orgId: string;
  schoolType: string | undefined;
  startDate: string | undefined;
  endDate: string | undefined;
}

export interface SourceData {
  /**
   * The strings the compact objects share. People are built with it too, so a user's sourcedId is the very string its
   * memberships name (one copy of each id, and map lookups that compare by identity); released once people are read.
   */
  strings: Interner;
  orgs: Map<string, Organisation>;
  syllabuses: Map<string, Syllabus>;
  duties: Map<string, CompactDuty>;
  groups: Map<string, CompactGroup>;
  activities: Map<string, CompactActivity>;
  placements: CompactPlacement[];
}

export function emptySourceData(): SourceData {
  return { strings: new Interner(), orgs: new Map(), syllabuses: new Map(), duties: new Map(), groups: new Map(), activities: new Map(), placements: [] };
}

/** One instance per distinct string, and per distinct membership terms. */
export class Interner {
  readonly #strings = new Map<string, string>();
  readonly #terms = new Map<string, MembershipTerms>();

  terms(marked: boolean, startDate: string | undefined, endDate: string | undefined): MembershipTerms {
    // \u0001 stands for a missing date, which no date string contains.
    const key = `${marked ? 1 : 0}\u0000${startDate ?? "\u0001"}\u0000${endDate ?? "\u0001"}`;
    let terms = this.#terms.get(key);
    if (!terms) this.#terms.set(key, (terms = { marked, startDate: this.get(startDate), endDate: this.get(endDate) }));
    return terms;
  }

  /** Forgets every string and terms instance (those handed out stay valid). */
  release(): void {
    this.#strings.clear();
    this.#terms.clear();
  }

  get<T extends string | undefined>(value: T): T {
    if (value === undefined) return value;
    const known = this.#strings.get(value);
    if (known !== undefined) return known as T;
    this.#strings.set(value, value);
    return value;
  }
}

const marked = (securityMarking: string | undefined) => securityMarking !== undefined && securityMarking !== "Ingen";

export function compactGroup(group: Group, s: Interner): CompactGroup {
  return {
    id: group.id,
    name: group.displayName,
    groupType: s.get(group.groupType),
    schoolType: s.get(group.schoolType),
    orgId: s.get(group.organisation.id),
    startDate: s.get(group.startDate),
    endDate: s.get(group.endDate),
    members: {
      personIds: (group.groupMemberships ?? []).map((m) => s.get(m.person.id)),
      terms: (group.groupMemberships ?? []).map((m) => s.terms(marked(m.person.securityMarking), m.startDate, m.endDate)),
    },
  };
}

/** Each membership of a group, as person id and terms. */
export function* membersOf(group: CompactGroup): Generator<[personId: string, terms: MembershipTerms]> {
  const { personIds, terms } = group.members;
  for (let i = 0; i < personIds.length; i++) yield [personIds[i]!, terms[i]!];
}

/** The memberships whose terms `keep` accepts. */
export function keepMembers(members: Members, keep: (terms: MembershipTerms) => boolean): Members {
  const kept: Members = { personIds: [], terms: [] };
  for (let i = 0; i < members.personIds.length; i++) {
    if (!keep(members.terms[i]!)) continue;
    kept.personIds.push(members.personIds[i]!);
    kept.terms.push(members.terms[i]!);
  }
  return kept;
}

export function compactActivity(activity: Activity, s: Interner): CompactActivity {
  return {
    id: activity.id,
    name: activity.displayName,
    orgId: s.get(activity.organisation.id),
    startDate: s.get(activity.startDate),
    endDate: s.get(activity.endDate),
    groupIds: (activity.groups ?? []).map((g) => s.get(g.id)),
    teachers: (activity.teachers ?? []).map((t) => ({
      dutyId: s.get(t.duty.id),
      startDate: s.get(t.startDate),
      endDate: s.get(t.endDate),
      grader: t.grader === true,
    })),
    syllabusId: s.get(activity.syllabus?.id),
  };
}

export function compactDuty(duty: Duty, s: Interner): CompactDuty {
  return {
    id: s.get(duty.id),
    personId: s.get(duty.person.id),
    marked: marked(duty.person.securityMarking),
    orgId: s.get(duty.dutyAt.id),
    dutyRole: s.get(duty.dutyRole),
    startDate: s.get(duty.startDate),
    endDate: s.get(duty.endDate),
    mentorOf: (duty.assignmentRole ?? [])
      .filter((r) => r.assignmentRoleType === undefined || r.assignmentRoleType === "Mentor")
      .map((r) => ({ groupId: s.get(r.group.id), startDate: s.get(r.startDate), endDate: s.get(r.endDate) })),
  };
}

export function compactPlacement(placement: Placement, s: Interner): CompactPlacement {
  return {
    childId: s.get(placement.child.id),
    marked: marked(placement.child.securityMarking),
    orgId: s.get(placement.placedAt.id),
    schoolType: s.get(placement.schoolType),
    startDate: s.get(placement.startDate),
    endDate: s.get(placement.endDate),
  };
}

/** A span that has not ended before `today` (open ends never end). */
export function isCurrent(span: { endDate?: string | undefined }, today: string): boolean {
  return span.endDate === undefined || span.endDate >= today;
}
