/**
 * The canonical records every importer yields: OneRoster 1.1 vocabulary (with the 1.2 superset the tables hold),
 * camelCase, sourcedIds chosen by the importer. Status and dateLastModified are not part of a record: the sync engine
 * and the database own them. Optional fields left out mean null (or an empty list).
 */
import type { JsonObject, JsonValue } from "../../db/tables/common.ts";
import type { SessionType } from "../../db/tables/academic-sessions.ts";
import type { ClassType } from "../../db/tables/classes.ts";
import type { EnrollmentRole } from "../../db/tables/enrollments.ts";
import type { OrgType } from "../../db/tables/orgs.ts";
import type { UserRole, UserRoleV1p2 } from "../../db/tables/users.ts";

export type { ClassType, EnrollmentRole, OrgType, SessionType, UserRole, UserRoleV1p2 };

interface Base {
  sourcedId: string;
  metadata?: JsonObject | null;
}

export interface Org extends Base {
  name: string;
  type: OrgType;
  identifier?: string | null;
  parentSourcedId?: string | null;
}

export interface AcademicSession extends Base {
  title: string;
  type: SessionType;
  /** YYYY-MM-DD */
  startDate: string;
  endDate: string;
  parentSourcedId?: string | null;
  /** Four-digit year in which the school year ends. */
  schoolYear: string;
  orgSourcedId?: string | null;
}

export interface Course extends Base {
  title: string;
  schoolYearSourcedId?: string | null;
  courseCode?: string | null;
  grades?: string[];
  subjects?: string[];
  orgSourcedId: string;
  subjectCodes?: string[];
}

export interface Class extends Base {
  title: string;
  classCode?: string | null;
  classType: ClassType;
  location?: string | null;
  grades?: string[];
  subjects?: string[];
  courseSourcedId: string;
  schoolSourcedId: string;
  /** At least one. */
  termSourcedIds: string[];
  subjectCodes?: string[];
  periods?: string[];
}

export interface UserId {
  type: string;
  identifier: string;
}

/** OneRoster 1.2 user.roles. */
export interface UserOrgRole {
  orgSourcedId: string;
  role: UserRoleV1p2;
  roleType: "primary" | "secondary";
  userProfileId?: string | null;
  beginDate?: string | null;
  endDate?: string | null;
}

/** OneRoster 1.2 user.userProfiles. */
export interface UserProfile {
  profileId: string;
  profileType: string;
  vendorId: string;
  applicationId?: string | null;
  description?: string | null;
  credentials?: JsonValue[];
}

export interface User extends Base {
  username: string;
  enabledUser?: boolean;
  givenName: string;
  familyName: string;
  middleName?: string | null;
  role: UserRole;
  identifier?: string | null;
  email?: string | null;
  sms?: string | null;
  phone?: string | null;
  grades?: string[];
  password?: string | null;
  /** At least one. */
  orgSourcedIds: string[];
  agentSourcedIds?: string[];
  userIds?: UserId[];
  roles?: UserOrgRole[];
  userProfiles?: UserProfile[];
  preferredFirstName?: string | null;
  preferredMiddleName?: string | null;
  preferredLastName?: string | null;
  pronouns?: string | null;
  userMasterIdentifier?: string | null;
  primaryOrgSourcedId?: string | null;
}

export interface Enrollment extends Base {
  classSourcedId: string;
  schoolSourcedId: string;
  userSourcedId: string;
  role: EnrollmentRole;
  primary?: boolean | null;
  beginDate?: string | null;
  endDate?: string | null;
}

/** sourcedId is the sourcedId of the user described. */
export interface Demographics extends Base {
  birthDate?: string | null;
  sex?: "male" | "female" | "other" | "unspecified" | null;
  americanIndianOrAlaskaNative?: boolean | null;
  asian?: boolean | null;
  blackOrAfricanAmerican?: boolean | null;
  nativeHawaiianOrOtherPacificIslander?: boolean | null;
  white?: boolean | null;
  demographicRaceTwoOrMoreRaces?: boolean | null;
  hispanicOrLatinoEthnicity?: boolean | null;
  countryOfBirthCode?: string | null;
  stateOfBirthAbbreviation?: string | null;
  cityOfBirth?: string | null;
  publicSchoolResidenceStatus?: string | null;
}

export interface CanonicalRecords {
  orgs: Org;
  academicSessions: AcademicSession;
  courses: Course;
  classes: Class;
  users: User;
  demographics: Demographics;
  enrollments: Enrollment;
}

export type EntityName = keyof CanonicalRecords;

/** Parents before the records that refer to them. */
export const ENTITY_ORDER: readonly EntityName[] = [
  "orgs",
  "academicSessions",
  "courses",
  "classes",
  "users",
  "demographics",
  "enrollments",
];

/** What an importer yields for one tenant and one source: one async iterable per entity (absent = none). */
export type Snapshot = { [E in EntityName]?: AsyncIterable<CanonicalRecords[E]> | Iterable<CanonicalRecords[E]> };

/** An explicit removal in a delta import. */
export interface Deletion {
  entity: EntityName;
  sourcedId: string;
  /** The source cannot tell whether the row was ever imported (e.g. a deleted group that may not have been a class): no warning when absent. */
  ifPresent?: boolean;
}
