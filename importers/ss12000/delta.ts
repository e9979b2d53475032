import type { Deletion } from "../../src/model/canonical.ts";
import type { Ss12000Client } from "./client.ts";
import type { LoadProgress } from "./load.ts";
import { compactActivity, compactDuty, compactGroup, compactPlacement, membersOf, type SourceData } from "./source-data.ts";
import type { Collection, Collections, Person } from "./types.ts";

const FILTER_BATCH = 50;

async function all<C extends Collection>(client: Ss12000Client, collection: C, query: Record<string, string>, onProgress: LoadProgress): Promise<Array<Collections[C]>> {
  const objects: Array<Collections[C]> = [];
  for await (const page of client.pages(collection, query)) {
    objects.push(...page);
    onProgress({ collection, objects: objects.length });
  }
  return objects;
}

/** Objects of a collection whose `filter` (e.g. group, teacher) is any of `values`, asked for in batches. */
async function filtered<C extends Collection>(client: Ss12000Client, collection: C, filter: string, values: Iterable<string>): Promise<Array<Collections[C]>> {
  const list = [...new Set(values)];
  const objects: Array<Collections[C]> = [];
  for (let i = 0; i < list.length; i += FILTER_BATCH) {
    for await (const page of client.pages(collection, { [filter]: list.slice(i, i + FILTER_BATCH).join(",") })) objects.push(...page);
  }
  return objects;
}

/**
 * A delta read since `since`: the small collections (organisations, syllabuses, duties, placements) in full, the
 * groups and activities that changed or are touched by a change (with the other groups of those activities), and
 * the persons that changed or whose user depends on one that did (their guardians, their children). Every class
 * re-derived here brings all its enrollments, so the engine removes the ones that ended.
 */
export async function loadDelta(
  client: Ss12000Client,
  data: SourceData,
  since: string,
  onProgress: LoadProgress,
): Promise<{ persons: Person[]; deletions: Deletion[] }> {
  const { strings } = data;
  const after = { "meta.modified.after": since };
  for (const o of await all(client, "organisations", {}, onProgress)) data.orgs.set(o.id, o);
  for (const s of await all(client, "syllabuses", {}, onProgress)) data.syllabuses.set(s.id, s);
  const duties = await all(client, "duties", {}, onProgress);
  for (const d of duties) data.duties.set(d.id, compactDuty(d, strings));
  const placements = await all(client, "placements", {}, onProgress);
  for (const p of placements) data.placements.push(compactPlacement(p, strings));

  // Duties and placements are read in full above; which of them changed is in their own meta.
  const changedDuties = duties.filter((d) => changedSince(d, since));
  const changedPlacements = placements.filter((p) => changedSince(p, since));
  const changedGroups = await all(client, "groups", after, onProgress);
  const changedActivities = await all(client, "activities", after, onProgress);
  const changedPersons = await all(client, "persons", after, onProgress);

  for (const g of changedGroups) data.groups.set(g.id, compactGroup(g, strings));
  const activities = [
    ...changedActivities,
    ...(await filtered(client, "activities", "group", changedGroups.map((g) => g.id))),
    ...(await filtered(client, "activities", "teacher", changedDuties.map((d) => d.id))),
  ];
  for (const a of activities) if (!data.activities.has(a.id)) data.activities.set(a.id, compactActivity(a, strings));
  const mentorGroups = changedDuties.flatMap((d) => (d.assignmentRole ?? []).map((r) => r.group.id));
  const missingGroups = [...new Set([...mentorGroups, ...[...data.activities.values()].flatMap((a) => a.groupIds)])].filter((id) => !data.groups.has(id));
  for (const g of await client.lookup("groups", missingGroups)) data.groups.set(g.id, compactGroup(g, strings));

  const persons = await closeOverRelations(client, [
    ...changedPersons.map((p) => p.id),
    ...changedDuties.map((d) => d.person.id),
    ...changedPlacements.map((p) => p.child.id),
  ]);
  // Everyone in a class read again, so its grades and enrollments are judged on the same facts as in a full run.
  const read = new Set(persons.map((p) => p.id));
  const inClasses = new Set<string>();
  for (const group of data.groups.values()) for (const [personId, terms] of membersOf(group)) if (!terms.marked) inClasses.add(personId);
  for (const duty of data.duties.values()) if (!duty.marked && duty.mentorOf.some((r) => data.groups.has(r.groupId))) inClasses.add(duty.personId);
  for (const activity of data.activities.values()) {
    for (const t of activity.teachers) {
      const duty = data.duties.get(t.dutyId);
      if (duty && !duty.marked) inClasses.add(duty.personId);
    }
  }
  persons.push(...(await client.lookup("persons", [...inClasses].filter((id) => !read.has(id)))));

  const deleted = await client.deletedSince(since, ["organisations", "persons", "groups", "activities", "syllabuses"]);
  const deletions: Deletion[] = [
    ...deleted.get("organisations")!.map((id) => ({ entity: "orgs" as const, sourcedId: id })),
    ...deleted.get("syllabuses")!.map((id) => ({ entity: "courses" as const, sourcedId: id, ifPresent: true })),
    ...deleted.get("persons")!.map((id) => ({ entity: "users" as const, sourcedId: id, ifPresent: true })),
    // A deleted group was a class only if it was a homeroom group; SS 12000 no longer says which.
    ...deleted.get("groups")!.map((id) => ({ entity: "classes" as const, sourcedId: id, ifPresent: true })),
    ...deleted.get("activities")!.map((id) => ({ entity: "classes" as const, sourcedId: id })),
  ];
  return { persons, deletions };
}

/** meta.modified after `since`, as the API's meta.modified.after filter judges it. */
function changedSince(object: { meta?: { modified?: string } }, since: string): boolean {
  const modified = object.meta?.modified;
  return modified !== undefined && Date.parse(modified) > Date.parse(since);
}

/**
 * The persons named, their guardians and their children, and the other children of those guardians: everyone whose
 * user record a change to one of them can alter (a guardian's schools are their children's).
 */
async function closeOverRelations(client: Ss12000Client, ids: string[]): Promise<Person[]> {
  const read = new Map<string, Person>();
  let wanted = new Set(ids);
  for (let round = 0; round < 3 && wanted.size > 0; round++) {
    const found = await client.lookup("persons", wanted, "responsibleFor");
    const next = new Set<string>();
    for (const person of found) {
      read.set(person.id, person);
      for (const r of person.responsibles ?? []) if (round < 1) next.add(r.person.id);
      const children = (person as Person & { _embedded?: { responsibleFor?: Array<{ person: { id: string } }> } })._embedded?.responsibleFor ?? [];
      for (const child of children) next.add(child.person.id);
    }
    wanted = new Set([...next].filter((id) => !read.has(id)));
  }
  return [...read.values()];
}
