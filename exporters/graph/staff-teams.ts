import { createHash } from "node:crypto";
import { sql, type Kysely } from "kysely";
import type { ExportWarning } from "../contract.ts";
import type { Database } from "../../db/schema.ts";
import type { GraphState } from "./export-state.ts";
import { toDisplayName, toMailNickname } from "./names.ts";
import type { GraphSettings } from "./settings.ts";

/** One staff team per active school: its key is the school's sourcedId. */
export interface StaffTeam {
  key: string;
  displayName: string;
  mailNickname: string;
  /** Active teachers and administrators of the school (user sourcedIds, sorted). */
  members: string[];
  /** Its active administrators (sorted): the group's (and so the team's) owners. */
  owners: string[];
}

/** A Microsoft 365 group, the base of a staff team. */
export interface StaffGroupBody {
  displayName: string;
  mailNickname: string;
  description: string;
  mailEnabled: true;
  securityEnabled: false;
  groupTypes: ["Unified"];
}

export type StaffTeamAction = "create" | "archive" | "unarchive";

export interface StaffTeamChange {
  key: string;
  remoteId: string | null;
  create: StaffGroupBody | null;
  rename: Pick<StaffGroupBody, "displayName" | "description"> | null;
  memberAdds: string[];
  memberRemoves: string[];
  ownerAdds: string[];
  ownerRemoves: string[];
  team: StaffTeamAction | null;
  /** What to record once done; null: unchanged. `team`: the team's state afterwards. */
  record: { nameHash: string | null; membershipHash: string | null; team: { archived: boolean } | null };
}

/** What remote.ts read for the staff teams (see readStaffTeamsRemote). */
export interface StaffTeamsRemote {
  /** Groups found by mailNickname though export_state has none (a crashed run made them). */
  adopted: ReadonlyMap<string, string>;
  /** Current member and owner ids of the groups whose membership hash changed (and of adopted ones). */
  memberships: ReadonlyMap<string, { members: string[]; owners: string[] }>;
  /** Teams found for groups whose team export_state does not know (absent: no team). */
  teams: ReadonlyMap<string, { archived: boolean }>;
}

const SEPARATOR = "\u001f";

function sha1(text: string): string {
  return createHash("sha1").update(text).digest("hex");
}

/** Every active school with its active teachers and administrators (user_orgs), aggregated per school. */
export async function readStaffTeams(
  db: Kysely<Database>,
  tenantId: string,
  settings: Pick<GraphSettings, "staffTeams" | "staffTeamNameTemplate">,
): Promise<StaffTeam[] | undefined> {
  if (!settings.staffTeams) return undefined;
  const rows = (
    await sql<{ school: string; school_name: string; staff: string | null; admins: string | null }>`
      select o.sourced_id as school, o.name as school_name,
        string_agg(u.sourced_id, ${SEPARATOR}) filter (where u.sourced_id is not null) as staff,
        string_agg(u.sourced_id, ${SEPARATOR}) filter (where u.role = 'administrator') as admins
      from orgs o
      left join user_orgs uo on uo.tenant_id = o.tenant_id and uo.org_sourced_id = o.sourced_id
      left join users u on u.tenant_id = uo.tenant_id and u.sourced_id = uo.user_sourced_id and u.status = 'active'
        and u.role in ('teacher', 'administrator')
      where o.tenant_id = ${tenantId} and o.type = 'school' and o.status = 'active'
      group by o.sourced_id, o.name`.execute(db)
  ).rows;
  const split = (value: string | null) => (value ? [...new Set(value.split(SEPARATOR))].sort() : []);
  return rows
    .map((row) => ({
      key: row.school,
      displayName: toDisplayName(settings.staffTeamNameTemplate.replaceAll("{schoolName}", row.school_name).replaceAll("{schoolSourcedId}", row.school)),
      mailNickname: toMailNickname(`staff-${row.school}`),
      members: split(row.staff),
      owners: split(row.admins),
    }))
    .sort((a, b) => (a.key < b.key ? -1 : 1));
}

function entraIds(users: readonly string[], userIds: ReadonlyMap<string, string>): string[] {
  const ids = new Set<string>();
  for (const user of users) {
    const id = userIds.get(user);
    if (id) ids.add(id);
  }
  return [...ids].sort();
}

function desired(team: StaffTeam, userIds: ReadonlyMap<string, string>) {
  const members = entraIds(team.members, userIds);
  const owners = entraIds(team.owners, userIds);
  return { members, owners, hash: sha1(`${members.join(",")}|${owners.join(",")}`) };
}

const nameHash = (team: StaffTeam) => sha1(team.displayName);

/** What remote.ts must read: groups to find by mailNickname, groups whose members/owners to read, teams to look for. */
export function neededStaffTeamReads(teams: StaffTeam[], state: GraphState, userIds: ReadonlyMap<string, string>) {
  const lookups: StaffTeam[] = [];
  const memberships = new Map<string, string>();
  const teamLookups = new Map<string, string>();
  for (const team of teams) {
    const known = state["staff-group"].get(team.key);
    if (!known) {
      lookups.push(team);
      continue;
    }
    const want = desired(team, userIds);
    if (state["staff-group-members"].get(team.key)?.appliedHash !== want.hash) memberships.set(team.key, known.remoteId);
    // Without an owner no team is made, so there is none to look for (an unchanged night stays without calls).
    if (!state["staff-team"].has(team.key) && want.owners.length > 0) teamLookups.set(team.key, known.remoteId);
  }
  return { lookups, memberships, teams: teamLookups };
}

function difference(from: readonly string[], minus: readonly string[]): string[] {
  const drop = new Set(minus);
  return from.filter((id) => !drop.has(id));
}

/**
 * Pure: per school, the group create/rename, minimal member and owner adds/removes, and the team create; the team of
 * a school no longer exported is archived (never deleted), and unarchived when the school comes back.
 */
export function planStaffTeams(
  teams: StaffTeam[],
  state: GraphState,
  userIds: ReadonlyMap<string, string>,
  remote: StaffTeamsRemote,
  warnings: ExportWarning[],
): StaffTeamChange[] {
  const changes: StaffTeamChange[] = [];
  for (const team of teams) {
    const want = desired(team, userIds);
    const known = state["staff-group"].get(team.key);
    const remoteId = known?.remoteId ?? remote.adopted.get(team.key) ?? null;
    const description = `Staff team of school ${team.key}, kept by the OneRoster server`;
    const change: StaffTeamChange = {
      key: team.key,
      remoteId,
      create: null,
      rename: null,
      memberAdds: [],
      memberRemoves: [],
      ownerAdds: [],
      ownerRemoves: [],
      team: null,
      record: { nameHash: null, membershipHash: null, team: null },
    };
    let hasTeam = false;
    if (remoteId === null) {
      change.create = { displayName: team.displayName, mailNickname: team.mailNickname, description, mailEnabled: true, securityEnabled: false, groupTypes: ["Unified"] };
      change.memberAdds = want.members;
      change.ownerAdds = want.owners;
      change.record = { nameHash: nameHash(team), membershipHash: want.hash, team: null };
    } else {
      if (known?.appliedHash !== nameHash(team)) {
        change.rename = { displayName: team.displayName, description };
        change.record.nameHash = nameHash(team);
      }
      if (state["staff-group-members"].get(team.key)?.appliedHash !== want.hash) {
        const current = remote.memberships.get(team.key);
        if (!current) throw new Error(`the current members of staff team ${team.key} were not read`);
        change.memberAdds = difference(want.members, current.members);
        change.memberRemoves = difference(current.members, want.members);
        change.ownerAdds = difference(want.owners, current.owners);
        change.ownerRemoves = difference(current.owners, want.owners);
        change.record.membershipHash = want.hash;
      }
      const teamState = state["staff-team"].get(team.key);
      const found = remote.teams.get(team.key);
      if (teamState !== undefined || found !== undefined) {
        hasTeam = true;
        if (teamState?.archived ?? found?.archived) {
          change.team = "unarchive";
          change.record.team = { archived: false };
        } else if (teamState === undefined) change.record.team = { archived: false };
      }
    }
    if (!hasTeam) {
      if (want.owners.length > 0) {
        change.team = "create";
        change.record.team = { archived: false };
      } else {
        warnings.push({ entity: "staffTeams", sourcedId: team.key, why: "no active administrator with an Entra account, so no team owner: the group is kept, its team is not created" });
      }
    }
    if (isNeeded(change)) changes.push(change);
  }
  // Schools no longer exported (gone, or not active): archive their teams, never delete.
  const exported = new Set(teams.map((team) => team.key));
  for (const [key, entry] of state["staff-team"]) {
    if (exported.has(key) || entry.archived) continue;
    changes.push({
      key,
      remoteId: entry.remoteId,
      create: null,
      rename: null,
      memberAdds: [],
      memberRemoves: [],
      ownerAdds: [],
      ownerRemoves: [],
      team: "archive",
      record: { nameHash: null, membershipHash: null, team: { archived: true } },
    });
  }
  return changes;
}

function isNeeded(change: StaffTeamChange): boolean {
  return staffTeamWrites(change) > 0 || change.record.nameHash !== null || change.record.membershipHash !== null || change.record.team !== null;
}

/** How many Graph write requests a change makes. */
export function staffTeamWrites(change: StaffTeamChange): number {
  return (
    (change.create ? 1 : 0) +
    (change.rename ? 1 : 0) +
    change.memberAdds.length +
    change.memberRemoves.length +
    change.ownerAdds.length +
    change.ownerRemoves.length +
    (change.team ? 1 : 0)
  );
}
