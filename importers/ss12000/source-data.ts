import type { Activity, Duty, Group, Organisation, Placement, Syllabus } from "./types.ts";

/**
 * What the importer keeps of the source's structure while it maps: objects reduced to the fields the mapping uses,
 * with repeated strings (person ids, dates) interned, so a municipality with a million memberships fits in memory.
 */
export interface Membership {
  personId: string;
  /** The reference carried a protective marking. */
  marked: boolean;
  startDate: string | undefined;
  endDate: string | undefined;
}

export interface CompactGroup {
  id: string;
  name: string;
  groupType: string | undefined;
  schoolType: string | undefined;
  orgId: string;
  startDate: string | undefined;
  endDate: string | undefined;
  members: Membership[];
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
  orgs: Map<string, Organisation>;
  syllabuses: Map<string, Syllabus>;
  duties: Map<string, CompactDuty>;
  groups: Map<string, CompactGroup>;
  activities: Map<string, CompactActivity>;
  placements: CompactPlacement[];
}

export function emptySourceData(): SourceData {
  return { orgs: new Map(), syllabuses: new Map(), duties: new Map(), groups: new Map(), activities: new Map(), placements: [] };
}

/** One instance per distinct string. */
export class Interner {
  readonly #strings = new Map<string, string>();

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
    members: (group.groupMemberships ?? []).map((m) => ({
      personId: s.get(m.person.id),
      marked: marked(m.person.securityMarking),
      startDate: s.get(m.startDate),
      endDate: s.get(m.endDate),
    })),
  };
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
