import type { FakeState } from "./state.ts";
import type { Collection, Entities, PersonKind, PersonReference, SecurityMarking } from "./types.ts";
import { COLLECTIONS } from "./types.ts";

export interface Mutations {
  /** Sets `displayName` of an organisation, group or activity. */
  rename(id: string, displayName: string): string;
  renamePerson(id: string, givenName: string, familyName?: string): string;
  /** Shallow-merges a patch into an object; `id` and `meta` cannot be patched. */
  update<C extends Collection>(collection: C, id: string, patch: Partial<Omit<Entities[C], "id" | "meta">>): string;
  /** Adds a new object created (and modified) now. */
  add<C extends Collection>(collection: C, entity: Omit<Entities[C], "meta">): string;
  /** Moves a person's membership from one group to another, keeping its dates. */
  movePerson(personId: string, fromGroupId: string, toGroupId: string): string;
  /** Changes a person's marking and every reference to the person that carries it. */
  setSecurityMarking(personId: string, marking: SecurityMarking): string;
  /** Deletes an object (and what cannot exist without it), logging each deletion for `/deletedEntities`. */
  remove(collection: Collection, id: string): string;
  /**
   * Hides a share of a collection (or of the persons of one kind) without logging deletions, as a source that
   * suddenly returns half its students. Returns the hidden ids.
   */
  dropShare(target: Collection | PersonKind, fraction: number): string[];
  /** Shows everything `dropShare` hid again. */
  restoreShare(): void;
}

/**
 * Mutations for tests. Each one moves the fake's clock one second forward and stamps `meta.modified` of every object
 * it changes with the new time, so consecutive changes are strictly ordered and `meta.modified.after` sees them.
 */
export function createMutations(state: FakeState): Mutations {
  const { data } = state;

  const find = <C extends Collection>(collection: C, id: string): Entities[C] => {
    const entity = data[collection].get(id);
    if (!entity) throw new Error(`no ${collection} object with id ${id}`);
    return entity;
  };
  const touch = (entity: { meta: { modified: string } }, at: string) => {
    entity.meta.modified = at;
  };
  const logDeletion = (collection: Collection, id: string, at: string) => {
    if (data[collection].delete(id)) state.deleted.push({ collection, id, at });
  };

  const removeCascade = (collection: Collection, id: string, at: string): void => {
    logDeletion(collection, id, at);
    switch (collection) {
      case "persons":
        for (const group of data.groups.values()) {
          const before = group.groupMemberships.length;
          group.groupMemberships = group.groupMemberships.filter((m) => m.person.id !== id);
          if (group.groupMemberships.length !== before) touch(group, at);
        }
        for (const person of data.persons.values()) {
          if (!person.responsibles?.some((r) => r.person.id === id)) continue;
          person.responsibles = person.responsibles.filter((r) => r.person.id !== id);
          touch(person, at);
        }
        for (const placement of [...data.placements.values()]) {
          if (placement.child.id === id) removeCascade("placements", placement.id, at);
          else if (placement.owners?.some((o) => o.id === id)) {
            placement.owners = placement.owners.filter((o) => o.id !== id);
            touch(placement, at);
          }
        }
        for (const duty of [...data.duties.values()]) if (duty.person.id === id) removeCascade("duties", duty.id, at);
        break;
      case "duties":
        for (const activity of data.activities.values()) {
          if (!activity.teachers.some((t) => t.duty.id === id)) continue;
          activity.teachers = activity.teachers.filter((t) => t.duty.id !== id);
          touch(activity, at);
        }
        break;
      case "groups":
        for (const activity of [...data.activities.values()]) {
          if (!activity.groups.some((g) => g.id === id)) continue;
          activity.groups = activity.groups.filter((g) => g.id !== id);
          // An activity needs at least one group (minItems 1), so it goes with its last one.
          if (activity.groups.length === 0) removeCascade("activities", activity.id, at);
          else touch(activity, at);
        }
        for (const duty of data.duties.values()) {
          if (!duty.assignmentRole?.some((r) => r.group.id === id)) continue;
          duty.assignmentRole = duty.assignmentRole.filter((r) => r.group.id !== id);
          touch(duty, at);
        }
        break;
      case "syllabuses":
        for (const activity of data.activities.values()) {
          if (activity.syllabus?.id !== id) continue;
          delete activity.syllabus;
          touch(activity, at);
        }
        break;
      default:
        break;
    }
  };

  const stamp = () => state.clock.advance(1000);

  return {
    rename(id, displayName) {
      const entity = data.organisations.get(id) ?? data.groups.get(id) ?? data.activities.get(id);
      if (!entity) throw new Error(`no organisation, group or activity with id ${id}`);
      const at = stamp();
      entity.displayName = displayName;
      touch(entity, at);
      return at;
    },
    renamePerson(id, givenName, familyName) {
      const person = find("persons", id);
      const at = stamp();
      person.givenName = givenName;
      if (familyName !== undefined) person.familyName = familyName;
      touch(person, at);
      return at;
    },
    update(collection, id, patch) {
      const entity = find(collection, id);
      const at = stamp();
      Object.assign(entity, patch);
      touch(entity, at);
      return at;
    },
    add(collection, entity) {
      const at = stamp();
      const full = { ...entity, meta: { created: at, modified: at } } as Entities[typeof collection];
      (data[collection] as Map<string, Entities[typeof collection]>).set(entity.id, full);
      return at;
    },
    movePerson(personId, fromGroupId, toGroupId) {
      const from = find("groups", fromGroupId);
      const to = find("groups", toGroupId);
      const membership = from.groupMemberships.find((m) => m.person.id === personId);
      if (!membership) throw new Error(`person ${personId} is not a member of group ${fromGroupId}`);
      const at = stamp();
      from.groupMemberships = from.groupMemberships.filter((m) => m !== membership);
      to.groupMemberships.push(membership);
      touch(from, at);
      touch(to, at);
      return at;
    },
    setSecurityMarking(personId, marking) {
      const person = find("persons", personId);
      const at = stamp();
      person.securityMarking = marking;
      touch(person, at);
      const retag = (ref: PersonReference, owner: { meta: { modified: string } }) => {
        if (ref.id !== personId) return;
        ref.securityMarking = marking;
        touch(owner, at);
      };
      for (const group of data.groups.values()) for (const m of group.groupMemberships) retag(m.person, group);
      for (const p of data.persons.values()) for (const r of p.responsibles ?? []) retag(r.person, p);
      for (const duty of data.duties.values()) retag(duty.person, duty);
      for (const placement of data.placements.values()) {
        retag(placement.child, placement);
        for (const owner of placement.owners ?? []) retag(owner, placement);
      }
      return at;
    },
    remove(collection, id) {
      find(collection, id);
      const at = stamp();
      removeCascade(collection, id, at);
      return at;
    },
    dropShare(target, fraction) {
      const ids = (COLLECTIONS as readonly string[]).includes(target)
        ? [...data[target as Collection].keys()]
        : [...state.kinds].filter(([id, kind]) => kind === target && data.persons.has(id)).map(([id]) => id);
      ids.sort();
      const count = Math.round(ids.length * fraction);
      // Every n-th id rather than a prefix, so the hidden share is spread over schools and groups.
      const step = count > 0 ? ids.length / count : Infinity;
      const hidden = Array.from({ length: count }, (_, i) => ids[Math.floor(i * step)]!);
      for (const id of hidden) state.hidden.add(id);
      return hidden;
    },
    restoreShare() {
      state.hidden.clear();
    },
  };
}
