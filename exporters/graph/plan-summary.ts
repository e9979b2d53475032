import type { ExportCounts } from "../contract.ts";
import type { GraphPlan } from "./plan.ts";

/** What a plan would do, counted the way a run records what it did. */
export function planCounts(plan: GraphPlan): ExportCounts {
  const counts: ExportCounts = {};
  const add = (entity: string, action: string, by: number) => {
    if (by === 0) return;
    const entry = (counts[entity] ??= {});
    entry[action] = (entry[action] ?? 0) + by;
  };
  for (const change of plan.changes) {
    add("classes", "create", change.create ? 1 : 0);
    add("classes", "update", change.patch ? 1 : 0);
    add("teachers", "add", change.teacherAdds.length);
    add("teachers", "remove", change.teacherRemoves.length);
    add("members", "add", change.memberAdds.length);
    add("members", "remove", change.memberRemoves.length);
    if (change.team) add("teams", change.team, 1);
  }
  for (const group of plan.groups) {
    add("groups", "create", group.create ? 1 : 0);
    add("groups", "update", group.rename ? 1 : 0);
    add("groupMembers", "add", group.adds.length);
    add("groupMembers", "remove", group.removes.length);
  }
  for (const team of plan.staffTeams ?? []) {
    add("staffTeams", "create", team.create ? 1 : 0);
    add("staffTeams", "update", team.rename ? 1 : 0);
    add("staffTeamMembers", "add", team.memberAdds.length);
    add("staffTeamMembers", "remove", team.memberRemoves.length);
    add("staffTeamOwners", "add", team.ownerAdds.length);
    add("staffTeamOwners", "remove", team.ownerRemoves.length);
    if (team.team) add("staffTeams", team.team === "create" ? "team create" : team.team, 1);
  }
  return counts;
}

/** The dry-run listing: one line per class that changes, then the totals. */
export function formatPlan(plan: GraphPlan, limit = 200): string[] {
  const lines: string[] = [];
  const changing = plan.changes.filter((change) => change.create || change.patch || change.team || change.memberAdds.length || change.memberRemoves.length || change.teacherAdds.length || change.teacherRemoves.length);
  for (const change of changing.slice(0, limit)) {
    const parts = [
      change.create ? `create "${change.create.displayName}"` : null,
      change.patch ? `rename/update to "${change.patch.displayName}"` : null,
      change.teacherAdds.length ? `+${change.teacherAdds.length} teacher(s)` : null,
      change.teacherRemoves.length ? `-${change.teacherRemoves.length} teacher(s)` : null,
      change.memberAdds.length ? `+${change.memberAdds.length} member(s)` : null,
      change.memberRemoves.length ? `-${change.memberRemoves.length} member(s)` : null,
      change.team ? `${change.team} team` : null,
    ].filter(Boolean);
    lines.push(`class ${change.sourcedId}: ${parts.join(", ")}`);
  }
  if (changing.length > limit) lines.push(`… and ${changing.length - limit} more class(es)`);
  for (const group of plan.groups) {
    const parts = [
      group.create ? `create "${group.create.displayName}"` : null,
      group.rename ? `rename to "${group.rename.displayName}"` : null,
      group.adds.length ? `+${group.adds.length} member(s)` : null,
      group.removes.length ? `-${group.removes.length} member(s)` : null,
    ].filter(Boolean);
    if (parts.length) lines.push(`group ${group.key}: ${parts.join(", ")}`);
  }
  for (const team of plan.staffTeams ?? []) {
    const parts = [
      team.create ? `create "${team.create.displayName}"` : null,
      team.rename ? `rename to "${team.rename.displayName}"` : null,
      team.memberAdds.length ? `+${team.memberAdds.length} member(s)` : null,
      team.memberRemoves.length ? `-${team.memberRemoves.length} member(s)` : null,
      team.ownerAdds.length ? `+${team.ownerAdds.length} owner(s)` : null,
      team.ownerRemoves.length ? `-${team.ownerRemoves.length} owner(s)` : null,
      team.team ? `${team.team} team` : null,
    ].filter(Boolean);
    if (parts.length) lines.push(`staff team ${team.key}: ${parts.join(", ")}`);
  }
  const counts = planCounts(plan);
  const total = Object.entries(counts).flatMap(([entity, actions]) => Object.entries(actions).map(([action, n]) => `${entity} ${action} ${n}`));
  lines.push(total.length ? `plan: ${total.join(", ")}` : "plan: nothing to change");
  return lines;
}
