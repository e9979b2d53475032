import type { Client } from "@microsoft/microsoft-graph-client";
import { sendBatches, type BatchItem, type BatchOptions, type BatchResult } from "./batch.ts";
import type { StateWrite } from "./export-state.ts";
import type { GroupChange } from "./school-groups.ts";

export interface GroupApplyHooks {
  batch: BatchOptions;
  graphUrl: string;
  record: (writes: StateWrite[]) => Promise<void>;
  /** Counts a done action, e.g. ("groups", "created"). */
  count: (entity: string, action: string) => void;
  /** Reports a failed request of a group; returns after deciding whether it stops the run. */
  fail: (key: string, what: string, result: BatchResult) => void;
  stopIfFatal: () => void;
}

interface GroupItem extends BatchItem {
  change: GroupChange;
  kind: "rename" | "add" | "remove";
}

const isOk = (result: BatchResult) => result.status >= 200 && result.status < 300;
const alreadyThere = (result: BatchResult) =>
  result.status === 400 && /already exist/i.test((result.body as { error?: { message?: string } } | null)?.error?.message ?? "");

/** Creates the schools' security groups, then renames and member adds/removes, recording export_state per $batch. */
export async function applySchoolGroups(changes: GroupChange[], client: Client, hooks: GroupApplyHooks): Promise<void> {
  const remoteIds = new Map<string, string>();
  const failed = new Set<string>();
  const creates = changes.filter((change) => change.create !== null);
  await sendBatches(client, creates.map((change) => ({ change, method: "POST" as const, url: "/groups", body: change.create })), hooks.batch, async (results) => {
    const writes: StateWrite[] = [];
    for (const { item, result } of results) {
      if (!isOk(result)) {
        failed.add(item.change.key);
        hooks.fail(item.change.key, "create group", result);
        continue;
      }
      const id = (result.body as { id: string }).id;
      remoteIds.set(item.change.key, id);
      writes.push({ entity: "group", sourcedId: item.change.key, remoteId: id, appliedHash: item.change.record.nameHash!, archived: false });
      hooks.count("groups", "created");
    }
    await hooks.record(writes);
    hooks.stopIfFatal();
  });
  for (const change of changes) if (change.remoteId !== null) remoteIds.set(change.key, change.remoteId);

  const items: GroupItem[] = [];
  const outstanding = new Map<string, number>();
  const done = (change: GroupChange): StateWrite[] => {
    const id = remoteIds.get(change.key)!;
    return [
      ...(change.record.nameHash !== null && change.create === null ? [{ entity: "group" as const, sourcedId: change.key, remoteId: id, appliedHash: change.record.nameHash, archived: false }] : []),
      ...(change.record.membershipHash !== null ? [{ entity: "group-members" as const, sourcedId: change.key, remoteId: id, appliedHash: change.record.membershipHash, archived: false }] : []),
    ];
  };
  const ready: GroupChange[] = [];
  for (const change of changes) {
    const id = remoteIds.get(change.key);
    if (id === undefined || failed.has(change.key)) continue;
    const mine: GroupItem[] = [
      ...(change.rename ? [{ change, kind: "rename" as const, method: "PATCH" as const, url: `/groups/${id}`, body: change.rename }] : []),
      ...change.removes.map((user) => ({ change, kind: "remove" as const, method: "DELETE" as const, url: `/groups/${id}/members/${user}/$ref` })),
      ...change.adds.map((user) => ({
        change,
        kind: "add" as const,
        method: "POST" as const,
        url: `/groups/${id}/members/$ref`,
        body: { "@odata.id": `${hooks.graphUrl}/v1.0/directoryObjects/${user}` },
      })),
    ];
    if (mine.length === 0) ready.push(change);
    else outstanding.set(change.key, mine.length);
    items.push(...mine);
  }
  await hooks.record(ready.flatMap(done));
  await sendBatches(client, items, hooks.batch, async (results) => {
    const writes: StateWrite[] = [];
    for (const { item, result } of results) {
      const ok = isOk(result) || (item.kind === "add" && alreadyThere(result)) || (item.kind === "remove" && result.status === 404);
      if (ok) hooks.count(item.kind === "rename" ? "groups" : "groupMembers", item.kind === "rename" ? "updated" : item.kind === "add" ? "added" : "removed");
      else {
        failed.add(item.change.key);
        hooks.fail(item.change.key, `${item.method} ${item.url}`, result);
      }
      const left = outstanding.get(item.change.key)! - 1;
      outstanding.set(item.change.key, left);
      if (left === 0 && !failed.has(item.change.key)) writes.push(...done(item.change));
    }
    await hooks.record(writes);
    hooks.stopIfFatal();
  });
}
