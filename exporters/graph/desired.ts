import { createHash } from "node:crypto";
import type { GraphClass, GraphTerm } from "./snapshot.ts";

/** The educationClass body this project writes (POST on create; the patchable part on PATCH). */
export interface EducationClassBody {
  displayName: string;
  mailNickname: string;
  description: string;
  externalId: string;
  externalName: string;
  externalSource: "sis";
  term?: GraphTerm;
}

export type EducationClassPatch = Pick<EducationClassBody, "displayName" | "description" | "externalName"> & { term?: GraphTerm };

export interface DesiredMembership {
  /** Entra user ids, sorted, without repeats; teachers are members too (Graph wants them in both). */
  teachers: string[];
  members: string[];
  /** Members whose user has no Entra id (yet): left out and warned about. */
  unresolved: string[];
  hash: string;
}

function sha1(text: string): string {
  return createHash("sha1").update(text).digest("hex");
}

export function educationClassBody(schoolClass: GraphClass, archiveSuffix: string): EducationClassBody {
  return {
    displayName: schoolClass.ended && archiveSuffix ? `${schoolClass.displayName}${archiveSuffix}`.slice(0, 256) : schoolClass.displayName,
    mailNickname: schoolClass.mailNickname,
    description: schoolClass.displayName,
    externalId: schoolClass.sourcedId,
    externalName: schoolClass.displayName,
    externalSource: "sis",
    ...(schoolClass.term ? { term: schoolClass.term } : {}),
  };
}

/** The fields PATCH keeps right; mailNickname is left as created (it is the group's mail address). */
export function educationClassPatch(body: EducationClassBody): EducationClassPatch {
  return {
    displayName: body.displayName,
    description: body.description,
    externalName: body.externalName,
    ...(body.term ? { term: body.term } : {}),
  };
}

export function propertiesHash(body: EducationClassBody): string {
  return sha1(JSON.stringify(educationClassPatch(body)));
}

/** Per user-id map, the membership already worked out per class: reads and plan both need it, for 30 000 classes. */
const memo = new WeakMap<ReadonlyMap<string, string>, WeakMap<GraphClass, DesiredMembership>>();

export function desiredMembership(schoolClass: GraphClass, userIds: ReadonlyMap<string, string>): DesiredMembership {
  let byClass = memo.get(userIds);
  if (!byClass) memo.set(userIds, (byClass = new WeakMap()));
  let membership = byClass.get(schoolClass);
  if (!membership) byClass.set(schoolClass, (membership = computeMembership(schoolClass, userIds)));
  return membership;
}

function computeMembership(schoolClass: GraphClass, userIds: ReadonlyMap<string, string>): DesiredMembership {
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
  const teachers = [...new Set(resolve(schoolClass.teachers))].sort();
  const members = [...new Set([...teachers, ...resolve(schoolClass.students)])].sort();
  return { teachers, members, unresolved, hash: membershipHash(teachers, members) };
}

export function membershipHash(teachers: readonly string[], members: readonly string[]): string {
  return sha1(`${teachers.join(",")}|${members.join(",")}`);
}
