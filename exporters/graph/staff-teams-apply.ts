import type { Client } from "@microsoft/microsoft-graph-client";
import { sendBatches, type BatchItem, type BatchResult } from "./batch.ts";
import type { StateWrite } from "./export-state.ts";
import type { GroupApplyHooks } from "./school-groups-apply.ts";
import type { StaffTeamChange } from "./staff-teams.ts";

export interface StaffTeamApplyHooks extends GroupApplyHooks {
  teamRetries: number;
  teamRetryDelayMs: number;
}

interface StaffItem extends BatchItem {
  change: StaffTeamChange;
  kind: "rename" | "memberAdd" | "memberRemove" | "ownerAdd" | "ownerRemove";
}

const isOk = (result: BatchResult) => result.status >= 200 && result.status < 300;
const alreadyThere = (result: BatchResult) =>
  result.status === 400 && /already exist/i.test((result.body as { error?: { message?: string } } | null)?.error?.message ?? "");
const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Staff teams: creates the Microsoft 365 groups, then renames and member/owner adds/removes, then a team for each
 * group (PUT /groups/{id}/team, retrying the not-yet-replicated 404), then archives/unarchives — recording
 * export_state after every $batch.
 */
export async function applyStaffTeams(changes: StaffTeamChange[], client: Client, hooks: StaffTeamApplyHooks): Promise<void> {
  const remoteIds = new Map<string, string>();
  const failed = new Set<string>();
  const fail = (change: StaffTeamChange, what: string, result: BatchResult) => {
    failed.add(change.key);
    hooks.fail(change.key, what, result);
  };

  // 1. The groups that do not exist yet.
  await sendBatches(client, changes.filter((c) => c.create !== null).map((change) => ({ change, method: "POST" as const, url: "/groups", body: change.create })), hooks.batch, async (results) => {
    const writes: StateWrite[] = [];
    for (const { item, result } of results) {
      if (!isOk(result)) {
        fail(item.change, "create staff group", result);
        continue;
      }
      const id = (result.body as { id: string }).id;
      remoteIds.set(item.change.key, id);
      writes.push({ entity: "staff-group", sourcedId: item.change.key, remoteId: id, appliedHash: item.change.record.nameHash!, archived: false });
      hooks.count("staffTeams", "created");
    }
    await hooks.record(writes);
    hooks.stopIfFatal();
  });
  for (const change of changes) if (change.remoteId !== null) remoteIds.set(change.key, change.remoteId);

  // 2. Renames and minimal member/owner adds and removes; a group's hashes are recorded when its last request is done.
  const done = (change: StaffTeamChange): StateWrite[] => {
    const id = remoteIds.get(change.key)!;
    return [
      ...(change.record.nameHash !== null && change.create === null ? [{ entity: "staff-group" as const, sourcedId: change.key, remoteId: id, appliedHash: change.record.nameHash, archived: false }] : []),
      ...(change.record.membershipHash !== null ? [{ entity: "staff-group-members" as const, sourcedId: change.key, remoteId: id, appliedHash: change.record.membershipHash, archived: false }] : []),
    ];
  };
  const directoryObject = (user: string) => ({ "@odata.id": `${hooks.graphUrl}/v1.0/directoryObjects/${user}` });
  const items: StaffItem[] = [];
  const outstanding = new Map<string, number>();
  const ready: StaffTeamChange[] = [];
  for (const change of changes) {
    const id = remoteIds.get(change.key);
    if (id === undefined || failed.has(change.key)) continue;
    const base = `/groups/${id}`;
    const mine: StaffItem[] = [
      ...(change.rename ? [{ change, kind: "rename" as const, method: "PATCH" as const, url: base, body: change.rename }] : []),
      ...change.ownerRemoves.map((user) => ({ change, kind: "ownerRemove" as const, method: "DELETE" as const, url: `${base}/owners/${user}/$ref` })),
      ...change.memberRemoves.map((user) => ({ change, kind: "memberRemove" as const, method: "DELETE" as const, url: `${base}/members/${user}/$ref` })),
      ...change.memberAdds.map((user) => ({ change, kind: "memberAdd" as const, method: "POST" as const, url: `${base}/members/$ref`, body: directoryObject(user) })),
      ...change.ownerAdds.map((user) => ({ change, kind: "ownerAdd" as const, method: "POST" as const, url: `${base}/owners/$ref`, body: directoryObject(user) })),
    ];
    if (mine.length === 0) ready.push(change);
    else outstanding.set(change.key, mine.length);
    items.push(...mine);
  }
  await hooks.record(ready.flatMap(done));
  await sendBatches(client, items, hooks.batch, async (results) => {
    const writes: StateWrite[] = [];
    for (const { item, result } of results) {
      const ok = isOk(result) || (item.kind.endsWith("Add") && alreadyThere(result)) || (item.kind.endsWith("Remove") && result.status === 404);
      if (ok) {
        if (item.kind === "rename") hooks.count("staffTeams", "updated");
        else hooks.count(item.kind.startsWith("owner") ? "staffTeamOwners" : "staffTeamMembers", item.kind.endsWith("Add") ? "added" : "removed");
      } else fail(item.change, `${item.method} ${item.url}`, result);
      const left = outstanding.get(item.change.key)! - 1;
      outstanding.set(item.change.key, left);
      if (left === 0 && !failed.has(item.change.key)) writes.push(...done(item.change));
    }
    await hooks.record(writes);
    hooks.stopIfFatal();
  });

  // 3. A team for each group that has none (the group needs an owner; a new group may not be replicated yet: 404).
  const teamState = (change: StaffTeamChange, archived: boolean): StateWrite => ({ entity: "staff-team", sourcedId: change.key, remoteId: remoteIds.get(change.key)!, appliedHash: "", archived });
  let creates = changes.filter((change) => change.team === "create" && remoteIds.has(change.key) && !failed.has(change.key));
  for (let attempt = 0; creates.length > 0; attempt += 1) {
    const notYet: StaffTeamChange[] = [];
    await sendBatches(client, creates.map((change) => ({ change, method: "PUT" as const, url: `/groups/${remoteIds.get(change.key)}/team`, body: {} })), hooks.batch, async (results) => {
      const writes: StateWrite[] = [];
      for (const { item, result } of results) {
        if (isOk(result) || result.status === 409) {
          writes.push(teamState(item.change, false));
          hooks.count("staffTeams", isOk(result) ? "teamCreated" : "teamFound");
        } else if (result.status === 404 && attempt < hooks.teamRetries) notYet.push(item.change);
        else fail(item.change, "create staff team", result);
      }
      await hooks.record(writes);
      hooks.stopIfFatal();
    });
    creates = notYet;
    if (notYet.length > 0) await (hooks.batch.sleep ?? defaultSleep)(hooks.teamRetryDelayMs);
  }

  // 4. Archive the teams of schools no longer exported (never delete); unarchive those that came back.
  const archiving = changes.filter((change) => (change.team === "archive" || change.team === "unarchive") && !failed.has(change.key));
  await sendBatches(client, archiving.map((change) => ({ change, method: "POST" as const, url: `/teams/${change.remoteId}/${change.team}` })), hooks.batch, async (results) => {
    const writes: StateWrite[] = [];
    for (const { item, result } of results) {
      if (!isOk(result)) {
        fail(item.change, `${item.change.team} staff team`, result);
        continue;
      }
      writes.push(teamState(item.change, item.change.team === "archive"));
      hooks.count("staffTeams", item.change.team === "archive" ? "archived" : "unarchived");
    }
    await hooks.record(writes);
    hooks.stopIfFatal();
  });
  // Teams found at the target that export_state did not know yet.
  await hooks.record(
    changes
      .filter((change) => change.team === null && change.record.team !== null && remoteIds.has(change.key) && !failed.has(change.key))
      .map((change) => teamState(change, change.record.team!.archived)),
  );
}
