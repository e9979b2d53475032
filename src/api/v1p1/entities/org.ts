import { sql, type Selectable } from "kysely";
import type { OrgsTable } from "../../../../db/schema.ts";
import { BASE_COLUMNS, BASE_FIELDS, BASE_JSON_FIELDS, baseJson, defineEntity, optional } from "../entity.ts";
import { inSchools } from "../school-scope.ts";

type OrgRow = Omit<Selectable<OrgsTable>, "tenant_id" | "source_id" | "sync_hash" | "date_last_modified"> & { date_last_modified: Date; children: string[] };

export const org = defineEntity<OrgRow>({
  type: "org",
  collectionKey: "orgs",
  recordKey: "org",
  jsonFields: [...BASE_JSON_FIELDS, "name", "type", "identifier", "parent", "children"],
  fields: {
    ...BASE_FIELDS,
    name: { column: "e.name", type: "string" },
    type: { column: "e.type", type: "string" },
    identifier: { column: "e.identifier", type: "string" },
    "parent.sourcedId": { column: "e.parent_sourced_id", type: "string" },
  },
  table: "orgs",
  selectJson: (from) =>
    from
      .select([...BASE_COLUMNS, "e.name", "e.type", "e.identifier", "e.parent_sourced_id"])
      .select(
        sql<string[]>`array(select c.sourced_id from orgs c where c.tenant_id = e.tenant_id and c.parent_sourced_id = e.sourced_id order by c.sourced_id)`.as(
          "children",
        ),
      ),
  toJson(row, refs) {
    const json = baseJson(row);
    json.name = row.name;
    json.type = row.type;
    optional(json, "identifier", row.identifier);
    if (row.parent_sourced_id !== null) json.parent = refs.ref("org", row.parent_sourced_id);
    json.children = refs.refs("org", row.children);
    return json;
  },
  // A limited client sees its schools and the departments under them.
  visibleInSchools: (schools) => sql`(${inSchools("e.sourced_id", schools)} or ${inSchools("e.parent_sourced_id", schools)})`,
});
