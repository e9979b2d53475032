import type { EntityBase, TextList } from "./common.ts";

export interface ResourcesTable extends EntityBase {
  title: string | null;
  roles: TextList;
  importance: "primary" | "secondary" | null;
  vendor_resource_id: string;
  vendor_id: string | null;
  application_id: string | null;
}

export interface ClassResourcesTable extends EntityBase {
  title: string | null;
  class_sourced_id: string;
  resource_sourced_id: string;
}

export interface CourseResourcesTable extends EntityBase {
  title: string | null;
  course_sourced_id: string;
  resource_sourced_id: string;
}

/** OneRoster 1.2 user resources. */
export interface UserResourcesTable extends EntityBase {
  title: string | null;
  user_sourced_id: string;
  resource_sourced_id: string;
}
