import { createHash } from "node:crypto";
import { sql, type Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import type { GraphState } from "./export-state.ts";
import { toDisplayName, toMailNickname } from "./names.ts";
import type { GraphSettings } from "./settings.ts";

/** One security group per school and role: its key is "<school sourcedId>/<role>". */
export interface SchoolGroup {
  key: string;
  displayName: string;
  mailNickname: string;
  /** User sourcedIds, sorted. */
  users: string[];
}

export interface GroupBody {
  displayName: string;
  mailNickname: string;
  description: string;
  mailEnabled: false;
  securityEnabled: true;
}

export interface GroupChange {
  key: string;
  remoteId: string | null;
  create: GroupBody | null;
  rename: Pick<GroupBody, "displayName" | "description"> | null;
  adds: string[];
  removes: string[];
  record: { nameHash: string | null; membershipHash: string | null };
}

const SEPARATOR = "\u001f";

function sha1(text: string): string {
  return createHash("sha1").update(text).digest("hex");
}

/** The schools' active users of the chosen roles, aggregated per school and role. */
export async function readSchoolGroups(
  db: Kysely<Database>,
  tenantId: string,
  settings: Pick<GraphSettings, "schoolGroupRoles" | "schoolGroupNameTemplate">,
): Promise<SchoolGroup[]> {
  if (settings.schoolGroupRoles.length === 0) return [];
  const rows = (
    await sql<{ school: string; school_name: string; role: string; users: string }>`
      select o.sourced_id as school, o.name as school_name, u.role, string_agg(u.sourced_id, ${SEPARATOR}) as users
      from user_orgs uo
      join users u on u.tenant_id = uo.tenant_id and u.sourced_id = uo.user_sourced_id and u.status = 'active'
      join orgs o on o.tenant_id = uo.tenant_id and o.sourced_id = uo.org_sourced_id and o.type = 'school' and o.status = 'active'
      where uo.tenant_id = ${tenantId} and u.role in (${sql.join(settings.schoolGroupRoles)})
      group by o.sourced_id, o.name, u.role`.execute(db)
  ).rows;
  return rows
    .map((row) => {
      const name = settings.schoolGroupNameTemplate
        .replaceAll("{schoolName}", row.school_name)
        .replaceAll("{schoolSourcedId}", row.school)
        .replaceAll("{role}", row.role);
      return {
        key: `${row.school}/${row.role}`,
        displayName: toDisplayName(name),
        mailNickname: toMailNickname(`sg-${row.school}-${row.role}`),
        users: row.users.split(SEPARATOR).sort(),
      };
    })
    .sort((a, b) => (a.key < b.key ? -1 : 1));
}

function memberIds(group: SchoolGroup, userIds: ReadonlyMap<string, string>): string[] {
  const ids = new Set<string>();
  for (const user of group.users) {
    const id = userIds.get(user);
    if (id) ids.add(id);
  }
  return [...ids].sort();
}

function nameHash(group: SchoolGroup): string {
  return sha1(group.displayName);
}

/** Groups to look up by mailNickname (no export_state) and groups whose members must be read (hash changed). */
export function neededGroupReads(groups: SchoolGroup[], state: GraphState, userIds: ReadonlyMap<string, string>) {
  const lookups: SchoolGroup[] = [];
  const memberships = new Map<string, string>();
  for (const group of groups) {
    const known = state.group.get(group.key);
    if (!known) lookups.push(group);
    else if (state["group-members"].get(group.key)?.appliedHash !== sha1(memberIds(group, userIds).join(","))) memberships.set(group.key, known.remoteId);
  }
  return { lookups, memberships };
}

/**
 * Pure: creates, renames and minimal member adds/removes of the schools' security groups. A group whose school or
 * role is no longer exported is left as it is (never deleted).
 */
export function planSchoolGroups(
  groups: SchoolGroup[],
  state: GraphState,
  userIds: ReadonlyMap<string, string>,
  adopted: ReadonlyMap<string, string>,
  current: ReadonlyMap<string, string[]>,
): GroupChange[] {
  const changes: GroupChange[] = [];
  for (const group of groups) {
    const wanted = memberIds(group, userIds);
    const membershipHash = sha1(wanted.join(","));
    const known = state.group.get(group.key);
    const remoteId = known?.remoteId ?? adopted.get(group.key) ?? null;
    const description = `Security group of ${group.key}, kept by the OneRoster server`;
    const change: GroupChange = { key: group.key, remoteId, create: null, rename: null, adds: [], removes: [], record: { nameHash: null, membershipHash: null } };
    if (remoteId === null) {
      change.create = { displayName: group.displayName, mailNickname: group.mailNickname, description, mailEnabled: false, securityEnabled: true };
      change.adds = wanted;
      change.record = { nameHash: nameHash(group), membershipHash };
    } else {
      if (known?.appliedHash !== nameHash(group)) {
        change.rename = { displayName: group.displayName, description };
        change.record.nameHash = nameHash(group);
      }
      if (state["group-members"].get(group.key)?.appliedHash !== membershipHash) {
        const have = current.get(group.key);
        if (!have) throw new Error(`the current members of group ${group.key} were not read`);
        const haveSet = new Set(have);
        const wantSet = new Set(wanted);
        change.adds = wanted.filter((id) => !haveSet.has(id));
        change.removes = have.filter((id) => !wantSet.has(id));
        change.record.membershipHash = membershipHash;
      }
    }
    if (change.create || change.rename || change.adds.length || change.removes.length || change.record.nameHash || change.record.membershipHash) changes.push(change);
  }
  return changes;
}
