import type { Selectable } from "kysely";
import type { ResourcesTable } from "../../../../db/schema.ts";
import { BASE_COLUMNS, BASE_FIELDS, BASE_JSON_FIELDS, baseJson, defineEntity, optional } from "../entity.ts";

type ResourceRow = Omit<Selectable<ResourcesTable>, "tenant_id" | "source_id" | "date_last_modified"> & { date_last_modified: Date };

export const resource = defineEntity<ResourceRow>({
  type: "resource",
  collectionKey: "resources",
  recordKey: "resource",
  jsonFields: [...BASE_JSON_FIELDS, "title", "roles", "importance", "vendorResourceId", "vendorId", "applicationId"],
  fields: {
    ...BASE_FIELDS,
    title: { column: "e.title", type: "string" },
    roles: { column: "e.roles", type: "list" },
    importance: { column: "e.importance", type: "string" },
    vendorResourceId: { column: "e.vendor_resource_id", type: "string" },
    vendorId: { column: "e.vendor_id", type: "string" },
    applicationId: { column: "e.application_id", type: "string" },
  },
  table: "resources",
  selectJson: (from) =>
    from
      .select([
        ...BASE_COLUMNS,
        "e.title",
        "e.roles",
        "e.importance",
        "e.vendor_resource_id",
        "e.vendor_id",
        "e.application_id",
      ]),
  toJson(row, _refs) {
    const json = baseJson(row);
    optional(json, "title", row.title);
    json.roles = row.roles;
    optional(json, "importance", row.importance);
    json.vendorResourceId = row.vendor_resource_id;
    optional(json, "vendorId", row.vendor_id);
    optional(json, "applicationId", row.application_id);
    return json;
  },
});
