import type { ExportCounts } from "../contract.ts";
import { writeCount, type ClassroomPlan } from "./plan.ts";

/** What a plan would do, counted the way a run records what it did. */
export function planCounts(plan: ClassroomPlan): ExportCounts {
  const counts: ExportCounts = {};
  const add = (entity: string, action: string, by: number) => {
    if (by === 0) return;
    const entry = (counts[entity] ??= {});
    entry[action] = (entry[action] ?? 0) + by;
  };
  for (const change of plan.changes) {
    add("courses", "create", change.create ? 1 : 0);
    add("courses", "update", change.patch ? 1 : 0);
    if (change.state) add("courses", change.state, 1);
    add("teachers", "add", change.teacherAdds.length);
    add("teachers", "remove", change.teacherRemoves.length);
    add("students", "add", change.studentAdds.length);
    add("students", "remove", change.studentRemoves.length);
    add("invitations", "delete", change.invitationDeletes.length);
  }
  return counts;
}

/** The dry-run listing: one line per course that changes, then the totals. */
export function formatPlan(plan: ClassroomPlan, limit = 200): string[] {
  const lines: string[] = [];
  const changing = plan.changes.filter((change) => writeCount(change) > 0);
  for (const change of changing.slice(0, limit)) {
    const parts = [
      change.create ? `create "${change.create.name}" (${change.alias})` : null,
      change.state === "unarchive" ? "make ACTIVE again" : null,
      change.patch ? `update to "${change.patch.name}"` : null,
      change.teacherAdds.length ? `+${change.teacherAdds.length} teacher(s)` : null,
      change.teacherRemoves.length ? `-${change.teacherRemoves.length} teacher(s)` : null,
      change.studentAdds.length ? `+${change.studentAdds.length} student(s)` : null,
      change.studentRemoves.length ? `-${change.studentRemoves.length} student(s)` : null,
      change.invitationDeletes.length ? `-${change.invitationDeletes.length} invitation(s)` : null,
      change.state === "archive" ? "archive" : null,
    ].filter(Boolean);
    lines.push(`class ${change.sourcedId}: ${parts.join(", ")}`);
  }
  if (changing.length > limit) lines.push(`… and ${changing.length - limit} more class(es)`);
  const counts = planCounts(plan);
  const total = Object.entries(counts).flatMap(([entity, actions]) => Object.entries(actions).map(([action, n]) => `${entity} ${action} ${n}`));
  lines.push(total.length ? `plan: ${total.join(", ")}` : "plan: nothing to change");
  return lines;
}
