import type { Client } from "@microsoft/microsoft-graph-client";
import type { BatchOptions } from "./batch.ts";
import type { GraphState } from "./export-state.ts";
import { allIds, odataString, readAll, type Keyed } from "./remote-reads.ts";
import { neededStaffTeamReads, type StaffTeam, type StaffTeamsRemote } from "./staff-teams.ts";

/**
 * Reads for the staff teams only what export_state cannot answer: groups without state (by mailNickname), members
 * and owners of groups whose membership hash changed, and teams export_state does not know. Unchanged: no call.
 */
export async function readStaffTeamsRemote(
  client: Client,
  teams: StaffTeam[],
  state: GraphState,
  userIds: ReadonlyMap<string, string>,
  options: BatchOptions,
): Promise<{ remote: StaffTeamsRemote; reads: number }> {
  let reads = 0;
  const needed = neededStaffTeamReads(teams, state, userIds);
  const adopted = new Map<string, string>();
  const lookupItems = needed.lookups.map((team): Keyed => ({
    key: team.key,
    method: "GET",
    url: `/groups?$filter=${encodeURIComponent(`mailNickname eq ${odataString(team.mailNickname)}`)}&$select=id`,
  }));
  reads += lookupItems.length;
  await readAll(client, lookupItems, options, (key, result) => {
    const found = (result.body as { value?: Array<{ id: string }> } | null)?.value?.[0];
    if (result.status === 200 && found) adopted.set(key, found.id);
  });
  for (const [key, id] of adopted) {
    needed.memberships.set(key, id);
    needed.teams.set(key, id);
  }

  const pages = new Map<string, { members?: unknown; owners?: unknown }>();
  const memberItems = [...needed.memberships].flatMap(([key, id]): Keyed[] => [
    { key: `members\u0000${key}`, method: "GET", url: `/groups/${id}/members?$select=id` },
    { key: `owners\u0000${key}`, method: "GET", url: `/groups/${id}/owners?$select=id` },
  ]);
  reads += memberItems.length;
  await readAll(client, memberItems, options, (key, result) => {
    const [kind, team] = key.split("\u0000") as ["members" | "owners", string];
    const entry = pages.get(team) ?? {};
    entry[kind] = result.status === 200 ? result.body : null;
    pages.set(team, entry);
  });
  const memberships = new Map<string, { members: string[]; owners: string[] }>();
  for (const [key, entry] of pages) memberships.set(key, { members: await allIds(client, entry.members), owners: await allIds(client, entry.owners) });

  const found = new Map<string, { archived: boolean }>();
  const teamItems = [...needed.teams].map(([key, id]): Keyed => ({ key, method: "GET", url: `/teams/${id}?$select=id,isArchived` }));
  reads += teamItems.length;
  await readAll(client, teamItems, options, (key, result) => {
    if (result.status === 200) found.set(key, { archived: (result.body as { isArchived?: boolean } | null)?.isArchived === true });
  });
  return { remote: { adopted, memberships, teams: found }, reads };
}
