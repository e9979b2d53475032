import type { Generated } from "kysely";
import type { DateOnly, SyncedEntityBase, JsonbArray, TextList } from "./common.ts";

export type UserRole = "administrator" | "aide" | "guardian" | "parent" | "proctor" | "relative" | "student" | "teacher";
export type UserRoleV1p2 =
  | UserRole
  | "counselor"
  | "districtAdministrator"
  | "principal"
  | "siteAdministrator"
  | "systemAdministrator";

export interface UsersTable extends SyncedEntityBase {
  username: string;
  enabled_user: Generated<boolean>;
  given_name: string;
  family_name: string;
  middle_name: string | null;
  role: UserRole;
  identifier: string | null;
  email: string | null;
  sms: string | null;
  phone: string | null;
  grades: TextList;
  password: string | null;
  // OneRoster 1.2 superset
  preferred_first_name: string | null;
  preferred_middle_name: string | null;
  preferred_last_name: string | null;
  pronouns: string | null;
  user_master_identifier: string | null;
  primary_org_sourced_id: string | null;
}

/** user.orgs: at least one per user. */
export interface UserOrgsTable {
  tenant_id: string;
  user_sourced_id: string;
  org_sourced_id: string;
  ordinal: Generated<number>;
}

/** user.agents: a student's guardians, a guardian's students. */
export interface UserAgentsTable {
  tenant_id: string;
  user_sourced_id: string;
  agent_sourced_id: string;
  ordinal: Generated<number>;
}

/** user.userIds: {type, identifier} pairs from other systems. */
export interface UserIdsTable {
  tenant_id: string;
  user_sourced_id: string;
  type: string;
  identifier: string;
  ordinal: Generated<number>;
}

/** OneRoster 1.2 user.roles: a role per org. */
export interface UserRolesTable {
  tenant_id: string;
  user_sourced_id: string;
  org_sourced_id: string;
  role: UserRoleV1p2;
  role_type: "primary" | "secondary";
  user_profile_id: string | null;
  begin_date: DateOnly | null;
  end_date: DateOnly | null;
}

/** OneRoster 1.2 user.userProfiles. */
export interface UserProfilesTable {
  tenant_id: string;
  user_sourced_id: string;
  profile_id: string;
  profile_type: string;
  vendor_id: string;
  application_id: string | null;
  description: string | null;
  credentials: JsonbArray;
}
