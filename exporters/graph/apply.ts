import type { Client } from "@microsoft/microsoft-graph-client";
import type { ExportContext, ExportOutcome, ExportWarning } from "../contract.ts";
import { errorMessage, sendBatches, type BatchItem, type BatchOptions, type BatchResult } from "./batch.ts";
import type { StateWrite } from "./export-state.ts";
import type { ClassChange, GraphPlan } from "./plan.ts";
import { applySchoolGroups } from "./school-groups-apply.ts";
import { applyStaffTeams } from "./staff-teams-apply.ts";
import type { GraphSettings } from "./settings.ts";

export class GraphApplyError extends Error {}

export interface ApplyDependencies {
  settings: Pick<GraphSettings, "graphUrl" | "teamRetries" | "teamRetryDelayMs" | "maxRetries">;
  batch: BatchOptions;
  /** Persists export_state; called after every $batch so a crash loses at most the batch in flight. */
  record: (writes: StateWrite[]) => Promise<void>;
}

type Counter = Record<string, Record<string, number>>;

function count(counts: Counter, entity: string, action: string, by = 1): void {
  const entry = (counts[entity] ??= {});
  entry[action] = (entry[action] ?? 0) + by;
}

function isOk(result: BatchResult): boolean {
  return result.status >= 200 && result.status < 300;
}

/** A failure that says the target (or our access to it) is broken, not one request: stop the run. */
function isFatal(result: BatchResult): boolean {
  return result.status === 0 || result.status >= 500 || result.status === 401 || result.status === 403;
}

function alreadyThere(result: BatchResult): boolean {
  const message = (result.body as { error?: { message?: string } } | null)?.error?.message ?? "";
  return result.status === 400 && /already exist/i.test(message);
}

interface MembershipItem extends BatchItem {
  change: ClassChange;
  kind: "patch" | "teacherAdd" | "teacherRemove" | "memberAdd" | "memberRemove";
}

/**
 * Applies a plan: creates classes, then patches and membership adds/removes, then teams, then archives — all as
 * $batches of 20 — recording export_state as each batch returns. Idempotent: a rerun after a crash re-reads what the
 * state does not know and applies only what is still missing.
 */
export async function applyGraphPlan(plan: GraphPlan, client: Client, context: ExportContext, deps: ApplyDependencies): Promise<ExportOutcome> {
  const counts: Counter = {};
  const warnings: ExportWarning[] = [...plan.warnings];
  const fatal: string[] = [];
  const { settings } = deps;
  const remoteIds = new Map<string, string>();
  const failed = new Set<string>();
  const fail = (change: ClassChange, what: string, result: BatchResult) => {
    failed.add(change.sourcedId);
    const why = `${what}: Graph answered ${errorMessage(result)}`;
    if (isFatal(result)) fatal.push(`class ${change.sourcedId}: ${why}`);
    else warnings.push({ entity: "classes", sourcedId: change.sourcedId, why });
  };
  const stopIfFatal = () => {
    if (fatal.length > 0) throw new GraphApplyError(`Graph export stopped: ${fatal[0]}${fatal.length > 1 ? ` (and ${fatal.length - 1} more)` : ""}`);
  };
  const progress = (step: string, done: number, total: number) => context.onProgress?.({ step, done, total });

  // 1. Create the classes that do not exist yet; their ids are recorded at once.
  const creates = plan.changes.filter((change) => change.create !== null);
  let done = 0;
  await sendBatches(
    client,
    creates.map((change) => ({ change, method: "POST" as const, url: "/education/classes", body: change.create })),
    deps.batch,
    async (results) => {
      const writes: StateWrite[] = [];
      for (const { item, result } of results) {
        if (!isOk(result)) {
          fail(item.change, "create", result);
          continue;
        }
        const id = (result.body as { id: string }).id;
        remoteIds.set(item.change.sourcedId, id);
        writes.push({ entity: "class", sourcedId: item.change.sourcedId, remoteId: id, appliedHash: item.change.record.propertiesHash!, archived: false });
        count(counts, "classes", "created");
      }
      await deps.record(writes);
      progress("classes", (done += results.length), creates.length);
      stopIfFatal();
    },
  );
  for (const change of plan.changes) if (change.remoteId !== null) remoteIds.set(change.sourcedId, change.remoteId);

  // 2. Patches and membership: minimal adds and removes. A class's hashes are recorded when its last request is done.
  const directoryObject = (userId: string) => ({ "@odata.id": `${settings.graphUrl}/v1.0/education/users/${userId}` });
  const items: MembershipItem[] = [];
  const outstanding = new Map<string, number>();
  const ready: ClassChange[] = [];
  for (const change of plan.changes) {
    const id = remoteIds.get(change.sourcedId);
    if (id === undefined || failed.has(change.sourcedId)) continue;
    const base = `/education/classes/${id}`;
    const mine: MembershipItem[] = [
      ...(change.patch ? [{ change, kind: "patch" as const, method: "PATCH" as const, url: base, body: change.patch }] : []),
      ...change.teacherRemoves.map((user) => ({ change, kind: "teacherRemove" as const, method: "DELETE" as const, url: `${base}/teachers/${user}/$ref` })),
      ...change.memberRemoves.map((user) => ({ change, kind: "memberRemove" as const, method: "DELETE" as const, url: `${base}/members/${user}/$ref` })),
      ...change.memberAdds.map((user) => ({ change, kind: "memberAdd" as const, method: "POST" as const, url: `${base}/members/$ref`, body: directoryObject(user) })),
      ...change.teacherAdds.map((user) => ({ change, kind: "teacherAdd" as const, method: "POST" as const, url: `${base}/teachers/$ref`, body: directoryObject(user) })),
    ];
    if (mine.length === 0) ready.push(change);
    else outstanding.set(change.sourcedId, mine.length);
    items.push(...mine);
  }
  const classWrites = (change: ClassChange): StateWrite[] => {
    const id = remoteIds.get(change.sourcedId)!;
    const writes: StateWrite[] = [];
    if (change.record.propertiesHash !== null && change.create === null) {
      writes.push({ entity: "class", sourcedId: change.sourcedId, remoteId: id, appliedHash: change.record.propertiesHash, archived: false });
    }
    if (change.record.membershipHash !== null) {
      writes.push({ entity: "class-members", sourcedId: change.sourcedId, remoteId: id, appliedHash: change.record.membershipHash, archived: false });
    }
    return writes;
  };
  await deps.record(ready.flatMap(classWrites));
  done = 0;
  await sendBatches(client, items, deps.batch, async (results) => {
    const writes: StateWrite[] = [];
    for (const { item, result } of results) {
      const { change } = item;
      const ok = isOk(result) || (item.kind.endsWith("Add") && alreadyThere(result)) || (item.kind.endsWith("Remove") && result.status === 404);
      if (ok) {
        const [entity, action] =
          item.kind === "patch" ? ["classes", "updated"] : [item.kind.startsWith("teacher") ? "teachers" : "members", item.kind.endsWith("Add") ? "added" : "removed"];
        count(counts, entity!, action!);
      } else {
        fail(change, `${item.method} ${item.url}`, result);
      }
      const left = outstanding.get(change.sourcedId)! - 1;
      outstanding.set(change.sourcedId, left);
      if (left === 0 && !failed.has(change.sourcedId)) writes.push(...classWrites(change));
    }
    await deps.record(writes);
    progress("memberships", (done += results.length), items.length);
    stopIfFatal();
  });

  // 3. Teams from the educationClass template, retrying the not-yet-replicated 404 of a new class's group.
  const teamState = (change: ClassChange, archived: boolean): StateWrite => ({
    entity: "team",
    sourcedId: change.sourcedId,
    remoteId: remoteIds.get(change.sourcedId)!,
    appliedHash: "",
    archived,
  });
  let teamCreates = plan.changes.filter((change) => change.team === "create" && remoteIds.has(change.sourcedId) && !failed.has(change.sourcedId));
  for (let attempt = 0; teamCreates.length > 0; attempt += 1) {
    const notYet: ClassChange[] = [];
    await sendBatches(
      client,
      teamCreates.map((change) => ({
        change,
        method: "POST" as const,
        url: "/teams",
        body: {
          "template@odata.bind": `${settings.graphUrl}/v1.0/teamsTemplates('educationClass')`,
          "group@odata.bind": `${settings.graphUrl}/v1.0/groups('${remoteIds.get(change.sourcedId)}')`,
        },
      })),
      deps.batch,
      async (results) => {
        const writes: StateWrite[] = [];
        for (const { item, result } of results) {
          if (isOk(result) || result.status === 409) {
            writes.push(teamState(item.change, false));
            count(counts, "teams", isOk(result) ? "created" : "found");
          } else if (result.status === 404 && attempt < settings.teamRetries) {
            notYet.push(item.change);
          } else {
            fail(item.change, "create team", result);
          }
        }
        await deps.record(writes);
        stopIfFatal();
      },
    );
    teamCreates = notYet;
    if (notYet.length > 0) await (deps.batch.sleep ?? ((ms) => new Promise<void>((r) => setTimeout(r, ms))))(settings.teamRetryDelayMs);
  }

  // 4. Archive the teams of ended classes (never delete) and unarchive those that came back.
  const archiving = plan.changes.filter((change) => (change.team === "archive" || change.team === "unarchive") && !failed.has(change.sourcedId));
  await sendBatches(
    client,
    archiving.map((change) => ({ change, method: "POST" as const, url: `/teams/${change.remoteId}/${change.team}` })),
    deps.batch,
    async (results) => {
      const writes: StateWrite[] = [];
      for (const { item, result } of results) {
        if (!isOk(result)) {
          fail(item.change, item.change.team!, result);
          continue;
        }
        writes.push(teamState(item.change, item.change.team === "archive"));
        count(counts, "teams", item.change.team === "archive" ? "archived" : "unarchived");
      }
      await deps.record(writes);
      stopIfFatal();
    },
  );
  // 5. The schools' security groups.
  const groupHooks = (entity: string) => ({
    batch: deps.batch,
    graphUrl: settings.graphUrl,
    record: deps.record,
    count: (entity: string, action: string) => count(counts, entity, action),
    fail: (key: string, what: string, result: BatchResult) => {
      const why = `${what}: Graph answered ${errorMessage(result)}`;
      if (isFatal(result)) fatal.push(`${entity} ${key}: ${why}`);
      else warnings.push({ entity: `${entity}s`, sourcedId: key, why });
    },
    stopIfFatal,
  });
  await applySchoolGroups(plan.groups, client, groupHooks("group"));
  // 6. The schools' staff teams.
  if (plan.staffTeams) {
    await applyStaffTeams(plan.staffTeams, client, { ...groupHooks("staffTeam"), teamRetries: settings.teamRetries, teamRetryDelayMs: settings.teamRetryDelayMs });
  }
  // Teams found at the target that export_state did not know yet.
  await deps.record(
    plan.changes
      .filter((change) => change.team === null && change.record.team !== null && remoteIds.has(change.sourcedId) && !failed.has(change.sourcedId))
      .map((change) => teamState(change, change.record.team!.archived)),
  );
  stopIfFatal();
  return { counts, warnings };
}
