import { sql } from "kysely";
import { userInSchools } from "../../api/v1p1/school-scope.ts";
import { defineCsvFile, listCell, type ExportNotes } from "../csv-file.ts";
import { bool, text } from "../format.ts";
import { containsPersonnummer, isPersonnummerId } from "../personnummer.ts";

type UserId = { type: string; identifier: string };

function omitted(notes: ExportNotes, column: string): string {
  notes.personnummerOmitted[column] = (notes.personnummerOmitted[column] ?? 0) + 1;
  return "";
}

/** A free-text identity column, blank when it holds a personnummer. */
function identity(value: string | null, column: string, notes: ExportNotes): string {
  return value !== null && containsPersonnummer(value) ? omitted(notes, column) : text(value);
}

/** `{type:identifier}` pairs, comma-separated, without any that is a personnummer. */
function userIdsCell(ids: UserId[] | null, notes: ExportNotes): string {
  const kept: string[] = [];
  for (const id of ids ?? []) {
    if (isPersonnummerId(id.type, id.identifier)) omitted(notes, "userIds");
    else kept.push(`{${id.type}:${id.identifier}}`);
  }
  return kept.join(",");
}

export const usersFile = defineCsvFile({
  name: "users",
  from: (db) => db.selectFrom("users as e"),
  // As for a school-limited API client: users with an org among the schools or enrolled at one of them.
  inSchools: (schools) => userInSchools("e.sourced_id", schools),
  select: (from) =>
    from.select([
      "e.enabled_user",
      sql<string>`array_to_string(array(select o.org_sourced_id from user_orgs o where o.tenant_id = e.tenant_id and o.user_sourced_id = e.sourced_id order by o.ordinal), ',')`.as(
        "orgs",
      ),
      "e.role",
      "e.username",
      sql<UserId[] | null>`(select json_agg(json_build_object('type', i.type, 'identifier', i.identifier) order by i.ordinal) from user_ids i where i.tenant_id = e.tenant_id and i.user_sourced_id = e.sourced_id)`.as(
        "user_ids",
      ),
      "e.given_name",
      "e.family_name",
      "e.middle_name",
      "e.identifier",
      "e.email",
      "e.sms",
      "e.phone",
      sql<string>`array_to_string(array(select a.agent_sourced_id from user_agents a where a.tenant_id = e.tenant_id and a.user_sourced_id = e.sourced_id order by a.ordinal), ',')`.as(
        "agents",
      ),
      listCell("e.grades").as("grades"),
      "e.password",
    ]),
  cells: (row, notes) => [
    bool(row.enabled_user),
    row.orgs,
    row.role,
    identity(row.username, "username", notes),
    userIdsCell(row.user_ids, notes),
    row.given_name,
    row.family_name,
    text(row.middle_name),
    identity(row.identifier, "identifier", notes),
    identity(row.email, "email", notes),
    text(row.sms),
    text(row.phone),
    row.agents,
    row.grades,
    identity(row.password, "password", notes),
  ],
});
