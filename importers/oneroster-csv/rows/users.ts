import type { UserId } from "../../../src/model/canonical.ts";
import { containsPersonnummer, isPersonnummerId } from "../../../src/csv/personnummer.ts";
import type { RowReader } from "../row-reader.ts";
import type { FileMapper, MapOptions } from "./mapper.ts";
import { refs } from "./mapper.ts";

const ROLES = ["administrator", "aide", "guardian", "parent", "proctor", "relative", "student", "teacher"] as const;

/** `{type:identifier}` pairs, comma-separated; the identifier is everything after the first colon. */
const USER_IDS = /^\{[^{}:]+:[^{}]+\}(?:,\{[^{}:]+:[^{}]+\})*$/;

function dropped(options: MapOptions, column: string): void {
  options.personnummerDropped[column] = (options.personnummerDropped[column] ?? 0) + 1;
}

function userIds(row: RowReader, options: MapOptions): UserId[] {
  const value = row.raw("userIds");
  if (value === "") return [];
  if (!USER_IDS.test(value)) {
    row.fail("userIds", `${JSON.stringify(value)} is not a list of {type:identifier}`);
    return [];
  }
  const ids: UserId[] = [];
  for (const pair of value.slice(1, -1).split("},{")) {
    const colon = pair.indexOf(":");
    const id = { type: pair.slice(0, colon), identifier: pair.slice(colon + 1) };
    if (options.personnummer === "drop" && isPersonnummerId(id.type, id.identifier)) dropped(options, "userIds");
    else ids.push(id);
  }
  return ids;
}

/** The free-text identifier, unless it holds a personnummer and the setup does not keep them. */
function identifier(row: RowReader, options: MapOptions): string | null {
  const value = row.text("identifier");
  if (value !== null && options.personnummer === "drop" && containsPersonnummer(value)) {
    dropped(options, "identifier");
    return null;
  }
  return value;
}

export const usersMapper: FileMapper<"users"> = {
  entity: "users",
  toRecord: (row, sourcedId, options) => ({
    sourcedId,
    enabledUser: row.bool("enabledUser", true) ?? true,
    orgSourcedIds: row.idList("orgSourcedIds", 1),
    role: row.oneOf("role", ROLES, true),
    username: row.required("username"),
    userIds: userIds(row, options),
    givenName: row.required("givenName"),
    familyName: row.required("familyName"),
    middleName: row.text("middleName"),
    identifier: identifier(row, options),
    email: row.text("email"),
    sms: row.text("sms"),
    phone: row.text("phone"),
    agentSourcedIds: row.idList("agentSourcedIds"),
    grades: row.list("grades"),
    password: row.text("password"),
  }),
  references: (user) => [...refs("orgSourcedIds", "orgs", ...user.orgSourcedIds), ...refs("agentSourcedIds", "users", ...(user.agentSourcedIds ?? []))],
};
