import type { AcademicSession, Class, Course, Demographics, Enrollment, Org, User } from "../../src/model/canonical.ts";
import type { IdMaker } from "./identity.ts";
import type { ImsGroup, ImsPerson, ImsRole } from "./records.ts";
import type { ImsMappingSettings } from "./settings.ts";
import type { ImsSource } from "./source-model.ts";

export interface ImsMapContext {
  tenantId: string;
  sourceId: string;
  /** YYYY-MM-DD: roles that ended before it are over. */
  today: string;
  /** Delta files: what the tenant already holds of this source, for groups and persons the delta names without context. */
  baseline?: ImsBaseline;
}

/** The source's stored classes and users, as a delta needs them: a class's school, a user's role and schools. */
export interface ImsBaseline {
  /** Stored schools: sourcedId → name. */
  orgs: ReadonlyMap<string, string>;
  /** Stored classes: their school, and the course and subjects a delta's teaching group without its activities keeps. */
  classes: ReadonlyMap<string, Pick<Class, "schoolSourcedId" | "courseSourcedId" | "subjectCodes">>;
  users: ReadonlyMap<string, Pick<User, "role" | "orgSourcedIds" | "agentSourcedIds">>;
}

export interface ImsCounts {
  /** Persons with a protected identity (never named anywhere) and their memberships. */
  protected: number;
  membershipsOfProtected: number;
  inactive: number;
  /** Persons neither a member of an imported school or class nor a guardian of a student. */
  outOfScope: number;
  /** Groups that are no school and could not be placed at one. */
  groupsWithoutSchool: number;
  /** Memberships of persons the file does not describe or who are not users. */
  membershipsOfNonUsers: number;
  /** Person ids that are temporary personnummer (the file's only id for them). */
  temporaryIds: number;
  /** Users without a username or school e-mail: their username is their sourcedId. */
  usernameFromId: number;
}

export interface MappedIms {
  orgs: Org[];
  sessions: AcademicSession[];
  courses: Course[];
  classes: Class[];
  users: User[];
  demographics: Demographics[];
  enrollments: Enrollment[];
  /** Enrollments a role with recstatus 3 (delete) ends. */
  removedEnrollments: string[];
  counts: ImsCounts;
  /** Classes whose every current enrollment this mapping yields (a complete membership of a delta, or every class). */
  placedClassIds: (onlyComplete: boolean) => string[];
  /** IMS group id → class sourcedId, IMS person id → user sourcedId (for deltas). */
  classIdOf: (imsGroupId: string) => string;
  orgIdOf: (imsGroupId: string) => string;
  userIdOf: (imsPersonId: string) => string;
  /** sourcedIds of persons deleted, protected (organisation or Personnel API) or inactive now. */
  goneUserIds: string[];
}

export type ClassKind = "homeroom" | "scheduled";

export interface Placed {
  /** Absent for a class only the baseline knows (a delta's membership of a group it does not describe). */
  group?: ImsGroup;
  kind?: ClassKind;
  schoolId: string;
}

/** What every mapping step shares: the source, the settings, ids, counts and who is left out. */
export interface MapState {
  source: ImsSource;
  settings: ImsMappingSettings;
  context: ImsMapContext;
  ids: IdMaker;
  counts: ImsCounts;
  /** A role in force on the run's day: not deleted (recstatus 3), not inactive, not ended. */
  current: (role: ImsRole) => boolean;
  /** IMS ids of persons with a protected identity (from the organisation or the Personnel API). */
  protectedIds: ReadonlySet<string>;
  /** The persons that may become users. */
  persons: ReadonlyMap<string, ImsPerson>;
  /** sourcedIds of persons deleted, protected or inactive now: gone, also as someone's guardian or member. */
  gone: ReadonlySet<string>;
}

export function isType(group: ImsGroup, types: readonly string[]): boolean {
  return group.typeValues.some((t) => types.includes(t));
}
