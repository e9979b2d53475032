import type { FakeState } from "./state.ts";
import type { Activity, Collection, Duty, Entities, Group, Person, Placement } from "./types.ts";

/** The `expand` values the document defines per collection. */
export const EXPANDS: Partial<Record<Collection, readonly string[]>> = {
  persons: ["duties", "responsibleFor", "placements", "ownedPlacements", "groupMemberships"],
  placements: ["child", "owners"],
  duties: ["person"],
  groups: ["assignmentRoles"],
  activities: ["groups", "teachers", "syllabus"],
};

const live = <T extends { id: string }>(state: FakeState, items: Iterable<T>): T[] => [...items].filter((e) => !state.hidden.has(e.id));

function groupFragment(group: Group): Omit<Group, "groupMemberships"> {
  const { groupMemberships: _members, ...fragment } = group;
  return fragment;
}

/**
 * Returns a function that adds `_embedded` to objects of one collection. Indexes are built once per call, so a page
 * of persons with `expand=groupMemberships` costs one pass over the groups, not one per person.
 */
export function expander<C extends Collection>(state: FakeState, collection: C, expand: string[]): (entity: Entities[C]) => unknown {
  const wanted = expand.filter((e) => EXPANDS[collection]?.includes(e));
  if (wanted.length === 0) return (entity) => entity;
  const { data } = state;
  const by = <T, K>(items: T[], keys: (item: T) => K[]): Map<K, T[]> => {
    const map = new Map<K, T[]>();
    for (const item of items) {
      for (const key of keys(item)) {
        const list = map.get(key);
        if (list) list.push(item);
        else map.set(key, [item]);
      }
    }
    return map;
  };

  switch (collection) {
    case "persons": {
      const duties = by(live(state, data.duties.values()), (d) => [d.person.id]);
      const placements = by(live(state, data.placements.values()), (p) => [p.child.id]);
      const owned = by(live(state, data.placements.values()), (p) => (p.owners ?? []).map((o) => o.id));
      const children = by(live(state, data.persons.values()), (p) => (p.responsibles ?? []).map((r) => r.person.id));
      const groups = by(live(state, data.groups.values()), (g) => g.groupMemberships.map((m) => m.person.id));
      return (entity) => {
        const person = entity as Person;
        const embedded: Record<string, unknown> = {};
        if (wanted.includes("duties")) embedded.duties = duties.get(person.id) ?? [];
        if (wanted.includes("placements")) embedded.placements = placements.get(person.id) ?? [];
        if (wanted.includes("ownedPlacements")) embedded.ownedPlacements = owned.get(person.id) ?? [];
        if (wanted.includes("responsibleFor")) {
          embedded.responsibleFor = (children.get(person.id) ?? []).map((child) => ({
            person: { id: child.id, securityMarking: child.securityMarking },
            relationType: child.responsibles!.find((r) => r.person.id === person.id)!.relationType,
          }));
        }
        if (wanted.includes("groupMemberships")) {
          embedded.groupMemberships = (groups.get(person.id) ?? []).map((group) => {
            const m = group.groupMemberships.find((x) => x.person.id === person.id)!;
            return { group: groupFragment(group), ...(m.startDate ? { startDate: m.startDate } : {}), ...(m.endDate ? { endDate: m.endDate } : {}) };
          });
        }
        return { ...person, _embedded: embedded };
      };
    }
    case "placements":
      return (entity) => {
        const placement = entity as Placement;
        const embedded: Record<string, unknown> = {};
        const child = data.persons.get(placement.child.id);
        if (wanted.includes("child") && child) embedded.child = child;
        if (wanted.includes("owners")) embedded.owners = (placement.owners ?? []).flatMap((o) => data.persons.get(o.id) ?? []);
        return { ...placement, _embedded: embedded };
      };
    case "duties":
      return (entity) => {
        const duty = entity as Duty;
        const person = data.persons.get(duty.person.id);
        return { ...duty, _embedded: person ? { person } : {} };
      };
    case "groups": {
      const roles = by(live(state, data.duties.values()), (d) => (d.assignmentRole ?? []).map((r) => r.group.id));
      return (entity) => {
        const group = entity as Group;
        const assignmentRoles = (roles.get(group.id) ?? []).flatMap((duty) =>
          (duty.assignmentRole ?? [])
            .filter((r) => r.group.id === group.id)
            .map((r) => ({ duty: { id: duty.id }, assignmentRoleType: r.assignmentRoleType, startDate: r.startDate, endDate: r.endDate })),
        );
        return { ...group, _embedded: { assignmentRoles } };
      };
    }
    case "activities":
      return (entity) => {
        const activity = entity as Activity;
        const embedded: Record<string, unknown> = {};
        if (wanted.includes("groups")) embedded.groups = activity.groups.flatMap((g) => data.groups.get(g.id) ?? []);
        if (wanted.includes("teachers")) embedded.teachers = activity.teachers.flatMap((t) => data.duties.get(t.duty.id) ?? []);
        const syllabus = activity.syllabus ? data.syllabuses.get(activity.syllabus.id) : undefined;
        if (wanted.includes("syllabus") && syllabus) embedded.syllabus = syllabus;
        return { ...activity, _embedded: embedded };
      };
    default:
      return (entity) => entity;
  }
}
