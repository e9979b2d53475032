import type { Client } from "@microsoft/microsoft-graph-client";
import type { BatchOptions } from "./batch.ts";
import type { GraphState, StateWrite } from "./export-state.ts";
import { neededRemoteReads, neededUserLookups, type GraphRemoteState, type RemoteMembership } from "./plan.ts";
import type { GraphSettings } from "./settings.ts";
import { neededGroupReads } from "./school-groups.ts";
import type { GraphSnapshot } from "./snapshot.ts";
import { allIds, odataString, readAll, type Keyed } from "./remote-reads.ts";
import { readStaffTeamsRemote } from "./staff-teams-remote.ts";

export interface RemoteRead {
  remote: GraphRemoteState;
  /** Users found this run, to keep in export_state (skipped on a dry run). */
  userWrites: StateWrite[];
  /** How many GET requests were made (inside $batch ones counted one by one). */
  reads: number;
}

/**
 * Reads from Graph only what export_state cannot answer: Entra ids of users not looked up before (or whose
 * userPrincipalName changed), classes without export_state (a crashed run may have made them), current members of
 * classes whose membership hash changed, and whether teams exist that export_state does not know.
 */
export async function readRemoteState(
  client: Client,
  snapshot: GraphSnapshot,
  state: GraphState,
  settings: Pick<GraphSettings, "createTeams" | "maxRetries">,
  options: BatchOptions,
): Promise<RemoteRead> {
  let reads = 0;
  const userIds = new Map<string, string>();
  for (const [sourcedId, entry] of state.user) {
    if (snapshot.userPrincipalNames.get(sourcedId) === entry.appliedHash) userIds.set(sourcedId, entry.remoteId);
  }
  const userWrites: StateWrite[] = [];
  const lookups = neededUserLookups(snapshot, state);
  const userItems = [...lookups].map(([sourcedId, upn]): Keyed => ({ key: sourcedId, method: "GET", url: `/users/${encodeURIComponent(upn)}?$select=id` }));
  reads += userItems.length;
  await readAll(client, userItems, options, (sourcedId, result) => {
    if (result.status !== 200) return;
    const id = (result.body as { id: string }).id;
    userIds.set(sourcedId, id);
    userWrites.push({ entity: "user", sourcedId, remoteId: id, appliedHash: lookups.get(sourcedId)!, archived: false });
  });

  const needed = neededRemoteReads(snapshot, state, userIds, settings);
  const adopted = new Map<string, string>();
  const classItems = needed.lookups.map((sourcedId): Keyed => ({
    key: sourcedId,
    method: "GET",
    url: `/education/classes?$filter=${encodeURIComponent(`externalId eq ${odataString(sourcedId)}`)}&$select=id,externalId`,
  }));
  reads += classItems.length;
  await readAll(client, classItems, options, (sourcedId, result) => {
    const found = (result.body as { value?: Array<{ id: string }> } | null)?.value?.[0];
    if (result.status === 200 && found) adopted.set(sourcedId, found.id);
  });
  // An adopted class is compared member by member, and its team may exist already.
  for (const [sourcedId, id] of adopted) {
    needed.memberships.set(sourcedId, id);
    if (settings.createTeams) needed.teams.set(sourcedId, id);
  }

  const memberships = new Map<string, RemoteMembership>();
  const pages = new Map<string, { teachers?: unknown; members?: unknown }>();
  const membershipItems = [...needed.memberships].flatMap(([sourcedId, id]): Keyed[] => [
    { key: `teachers\u0000${sourcedId}`, method: "GET", url: `/education/classes/${id}/teachers?$select=id` },
    { key: `members\u0000${sourcedId}`, method: "GET", url: `/education/classes/${id}/members?$select=id` },
  ]);
  reads += membershipItems.length;
  await readAll(client, membershipItems, options, (key, result) => {
    const [kind, sourcedId] = key.split("\u0000") as ["teachers" | "members", string];
    const entry = pages.get(sourcedId) ?? {};
    entry[kind] = result.status === 200 ? result.body : null;
    pages.set(sourcedId, entry);
  });
  for (const [sourcedId, entry] of pages) {
    memberships.set(sourcedId, { teachers: await allIds(client, entry.teachers), members: await allIds(client, entry.members) });
  }

  const teams = new Map<string, { archived: boolean }>();
  const teamItems = [...needed.teams].map(([sourcedId, id]): Keyed => ({ key: sourcedId, method: "GET", url: `/teams/${id}?$select=id,isArchived` }));
  reads += teamItems.length;
  await readAll(client, teamItems, options, (sourcedId, result) => {
    if (result.status === 200) teams.set(sourcedId, { archived: (result.body as { isArchived?: boolean } | null)?.isArchived === true });
  });

  // School security groups: found by mailNickname when the state has none; members read when their hash changed.
  const groupReads = neededGroupReads(snapshot.schoolGroups, state, userIds);
  const groupsAdopted = new Map<string, string>();
  const groupItems = groupReads.lookups.map((group): Keyed => ({
    key: group.key,
    method: "GET",
    url: `/groups?$filter=${encodeURIComponent(`mailNickname eq ${odataString(group.mailNickname)}`)}&$select=id`,
  }));
  reads += groupItems.length;
  await readAll(client, groupItems, options, (key, result) => {
    const found = (result.body as { value?: Array<{ id: string }> } | null)?.value?.[0];
    if (result.status === 200 && found) groupsAdopted.set(key, found.id);
  });
  for (const [key, id] of groupsAdopted) groupReads.memberships.set(key, id);
  const groupMemberships = new Map<string, string[]>();
  const groupMemberItems = [...groupReads.memberships].map(([key, id]): Keyed => ({ key, method: "GET", url: `/groups/${id}/members?$select=id` }));
  reads += groupMemberItems.length;
  const groupPages = new Map<string, unknown>();
  await readAll(client, groupMemberItems, options, (key, result) => groupPages.set(key, result.status === 200 ? result.body : null));
  for (const [key, page] of groupPages) groupMemberships.set(key, await allIds(client, page));

  const staff = snapshot.staffTeams ? await readStaffTeamsRemote(client, snapshot.staffTeams, state, userIds, options) : undefined;
  reads += staff?.reads ?? 0;
  return { remote: { state, userIds, adopted, memberships, teams, groupsAdopted, groupMemberships, ...(staff ? { staffTeams: staff.remote } : {}) }, userWrites, reads };
}
