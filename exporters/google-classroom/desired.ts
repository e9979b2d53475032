import { createHash } from "node:crypto";
import type { ClassroomSettings } from "./settings.ts";
import type { ClassroomClass } from "./snapshot.ts";

/** The fields of a course this project keeps right (courses.patch updateMask names). */
export interface CourseProperties {
  name: string;
  section: string;
  description: string;
  /** The Google user id of the owner; absent: the class has no teacher with a Google account. */
  ownerId?: string;
}

/** courses.create: `id` is the alias, which Classroom creates with the course. */
export interface CourseCreateBody extends CourseProperties {
  id: string;
  ownerId: string;
  courseState: ClassroomSettings["courseState"];
}

export interface DesiredMembership {
  /** The first of the class's teachers (primary first) with a Google account; null: none has one. */
  owner: string | null;
  /** Google user ids, the owner included, sorted, without repeats. */
  teachers: string[];
  /** Google user ids, sorted, without repeats and without the teachers. */
  students: string[];
  /** Members whose user has no Google account (yet): left out and warned about. */
  unresolved: string[];
  hash: string;
}

function sha1(text: string): string {
  return createHash("sha1").update(text).digest("hex");
}

/** The course alias of a class: the prefix and its sourcedId, or a hash of it when that is longer than Google allows. */
export function courseAlias(sourcedId: string, prefix: string): string {
  const alias = `${prefix}${sourcedId}`;
  return alias.length <= 256 ? alias : `${prefix}sha1-${sha1(sourcedId)}`;
}

export function courseProperties(schoolClass: ClassroomClass, membership: DesiredMembership): CourseProperties {
  return {
    name: schoolClass.name,
    section: schoolClass.section,
    description: schoolClass.description,
    ...(membership.owner !== null ? { ownerId: membership.owner } : {}),
  };
}

export function propertiesHash(properties: CourseProperties): string {
  return sha1(JSON.stringify([properties.name, properties.section, properties.description, properties.ownerId ?? null]));
}

/** Per user-id map, the membership already worked out per class: reads and plan both need it, for 30 000 classes. */
const memo = new WeakMap<ReadonlyMap<string, string>, WeakMap<ClassroomClass, DesiredMembership>>();

export function desiredMembership(schoolClass: ClassroomClass, userIds: ReadonlyMap<string, string>): DesiredMembership {
  let byClass = memo.get(userIds);
  if (!byClass) memo.set(userIds, (byClass = new WeakMap()));
  let membership = byClass.get(schoolClass);
  if (!membership) byClass.set(schoolClass, (membership = computeMembership(schoolClass, userIds)));
  return membership;
}

function computeMembership(schoolClass: ClassroomClass, userIds: ReadonlyMap<string, string>): DesiredMembership {
  const unresolved: string[] = [];
  const resolve = (sourcedIds: string[]): string[] => {
    const ids: string[] = [];
    for (const sourcedId of sourcedIds) {
      const id = userIds.get(sourcedId);
      if (id) ids.push(id);
      else unresolved.push(sourcedId);
    }
    return ids;
  };
  const ordered = resolve(schoolClass.teachers);
  const owner = ordered[0] ?? null;
  const teachers = [...new Set(ordered)].sort();
  const teaching = new Set(teachers);
  const students = [...new Set(resolve(schoolClass.students))].filter((id) => !teaching.has(id)).sort();
  return { owner, teachers, students, unresolved, hash: membershipHash(owner, teachers, students) };
}

export function membershipHash(owner: string | null, teachers: readonly string[], students: readonly string[]): string {
  return sha1(`${owner ?? ""}|${teachers.join(",")}|${students.join(",")}`);
}
