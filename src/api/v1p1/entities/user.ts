import { sql, type Selectable } from "kysely";
import type { UsersTable } from "../../../../db/schema.ts";
import { BASE_COLUMNS, BASE_FIELDS, BASE_JSON_FIELDS, baseJson, defineEntity, optional } from "../entity.ts";
import { userInSchools } from "../school-scope.ts";

type UserRow = Pick<Selectable<UsersTable>,
  | "sourced_id"
  | "status"
  | "metadata"
  | "username"
  | "given_name"
  | "family_name"
  | "middle_name"
  | "role"
  | "identifier"
  | "email"
  | "sms"
  | "phone"
  | "grades"
  | "password"
> & {
  date_last_modified: Date;
  enabled_user: boolean;
  user_ids: Array<{ type: string; identifier: string }>;
  agents: string[];
  orgs: string[];
};

export const user = defineEntity<UserRow>({
  type: "user",
  collectionKey: "users",
  recordKey: "user",
  jsonFields: [
    ...BASE_JSON_FIELDS,
    "username",
    "userIds",
    "enabledUser",
    "givenName",
    "familyName",
    "middleName",
    "role",
    "identifier",
    "email",
    "sms",
    "phone",
    "agents",
    "orgs",
    "grades",
    "password",
  ],
  fields: {
    ...BASE_FIELDS,
    username: { column: "e.username", type: "string" },
    enabledUser: { column: "e.enabled_user", type: "boolean" },
    givenName: { column: "e.given_name", type: "string" },
    familyName: { column: "e.family_name", type: "string" },
    middleName: { column: "e.middle_name", type: "string" },
    role: { column: "e.role", type: "string" },
    identifier: { column: "e.identifier", type: "string" },
    email: { column: "e.email", type: "string" },
    sms: { column: "e.sms", type: "string" },
    phone: { column: "e.phone", type: "string" },
    grades: { column: "e.grades", type: "list" },
  },
  table: "users",
  selectJson: (from) =>
    from
      .select([
        ...BASE_COLUMNS,
        "e.username",
        "e.enabled_user",
        "e.given_name",
        "e.family_name",
        "e.middle_name",
        "e.role",
        "e.identifier",
        "e.email",
        "e.sms",
        "e.phone",
        "e.grades",
        "e.password",
      ])
      .select([
        sql<UserRow["user_ids"]>`coalesce((select json_agg(json_build_object('type', i.type, 'identifier', i.identifier) order by i.ordinal) from user_ids i where i.tenant_id = e.tenant_id and i.user_sourced_id = e.sourced_id), '[]'::json)`.as(
          "user_ids",
        ),
        sql<string[]>`array(select a.agent_sourced_id from user_agents a where a.tenant_id = e.tenant_id and a.user_sourced_id = e.sourced_id order by a.ordinal)`.as(
          "agents",
        ),
        sql<string[]>`array(select o.org_sourced_id from user_orgs o where o.tenant_id = e.tenant_id and o.user_sourced_id = e.sourced_id order by o.ordinal)`.as(
          "orgs",
        ),
      ]),
  toJson(row, refs) {
    const json = baseJson(row);
    json.username = row.username;
    json.userIds = row.user_ids;
    json.enabledUser = row.enabled_user;
    json.givenName = row.given_name;
    json.familyName = row.family_name;
    optional(json, "middleName", row.middle_name);
    json.role = row.role;
    optional(json, "identifier", row.identifier);
    optional(json, "email", row.email);
    optional(json, "sms", row.sms);
    optional(json, "phone", row.phone);
    json.agents = refs.refs("user", row.agents);
    json.orgs = refs.refs("org", row.orgs);
    json.grades = row.grades;
    optional(json, "password", row.password);
    return json;
  },
  visibleInSchools: (schools) => userInSchools("e.sourced_id", schools),
});
