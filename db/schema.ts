import type { AcademicSessionsTable } from "./tables/academic-sessions.ts";
import type { ApiClientsTable, OauthNoncesTable } from "./tables/api-clients.ts";
import type { ClassesTable, ClassTermsTable } from "./tables/classes.ts";
import type { CoursesTable } from "./tables/courses.ts";
import type { DemographicsTable } from "./tables/demographics.ts";
import type { EnrollmentsTable } from "./tables/enrollments.ts";
import type { CategoriesTable, LineItemsTable, ResultsTable } from "./tables/gradebook.ts";
import type { OrgsTable } from "./tables/orgs.ts";
import type {
  ClassResourcesTable,
  CourseResourcesTable,
  ResourcesTable,
  UserResourcesTable,
} from "./tables/resources.ts";
import type { SourcesTable, TenantsTable } from "./tables/tenants.ts";
import type { SyncRunsTable } from "./tables/sync-runs.ts";
import type { ExportRunsTable, ExportStateTable } from "./tables/exports.ts";
import type { RunApprovalsTable } from "./tables/run-approvals.ts";
import type {
  UserAgentsTable,
  UserIdsTable,
  UserOrgsTable,
  UserProfilesTable,
  UserRolesTable,
  UsersTable,
} from "./tables/users.ts";

export type * from "./tables/common.ts";
export type * from "./tables/academic-sessions.ts";
export type * from "./tables/api-clients.ts";
export type * from "./tables/classes.ts";
export type * from "./tables/courses.ts";
export type * from "./tables/demographics.ts";
export type * from "./tables/enrollments.ts";
export type * from "./tables/gradebook.ts";
export type * from "./tables/orgs.ts";
export type * from "./tables/resources.ts";
export type * from "./tables/tenants.ts";
export type * from "./tables/sync-runs.ts";
export type * from "./tables/exports.ts";
export type * from "./tables/run-approvals.ts";
export type * from "./tables/users.ts";

/** The canonical database, table by table, as db/migrations creates it. */
export interface Database {
  tenants: TenantsTable;
  sources: SourcesTable;
  orgs: OrgsTable;
  academic_sessions: AcademicSessionsTable;
  courses: CoursesTable;
  classes: ClassesTable;
  class_terms: ClassTermsTable;
  users: UsersTable;
  user_orgs: UserOrgsTable;
  user_agents: UserAgentsTable;
  user_ids: UserIdsTable;
  user_roles: UserRolesTable;
  user_profiles: UserProfilesTable;
  enrollments: EnrollmentsTable;
  demographics: DemographicsTable;
  categories: CategoriesTable;
  line_items: LineItemsTable;
  results: ResultsTable;
  resources: ResourcesTable;
  class_resources: ClassResourcesTable;
  course_resources: CourseResourcesTable;
  user_resources: UserResourcesTable;
  api_clients: ApiClientsTable;
  oauth_nonces: OauthNoncesTable;
  sync_runs: SyncRunsTable;
  export_runs: ExportRunsTable;
  export_state: ExportStateTable;
  run_approvals: RunApprovalsTable;
}

export type TableName = keyof Database;
