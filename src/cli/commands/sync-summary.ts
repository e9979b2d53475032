import { ENTITY_ORDER } from "../../model/canonical.ts";
import type { SyncResult } from "../../sync/types.ts";

/** What a sync did (or, for a dry run or a stopped one, would have done): one line per entity, notes, samples. */
export function describeSyncResult(result: SyncResult, label: string): string[] {
  const verb = result.status === "dry-run" ? "dry run of" : result.status === "stopped" ? "STOPPED" : "imported";
  const seconds = ((result.finishedAt.getTime() - result.startedAt.getTime()) / 1000).toFixed(1);
  const lines = [`${verb} ${label} (${result.mode}) into tenant ${result.tenantId} in ${seconds} s${result.runId ? `, run ${result.runId}` : ""}`];
  for (const entity of ENTITY_ORDER) {
    const c = result.counts[entity];
    if (c.created + c.updated + c.unchanged + c.removed + c.skipped === 0) continue;
    lines.push(`  ${entity}: ${c.created} created, ${c.updated} updated, ${c.unchanged} unchanged, ${c.removed} removed, ${c.skipped} skipped`);
  }
  for (const trip of result.guard) {
    lines.push(
      `  mass-delete guard: ${trip.wouldRemove} of ${trip.activeInTenant} active ${trip.entity} would become tobedeleted (limit ${Math.round(trip.share * 100)} % and ${trip.minimum}), e.g. ${trip.examples.slice(0, 5).join(", ")}`,
    );
  }
  if (result.status === "stopped") lines.push("  nothing was written; check the source, then run again with --force if the removals are right");
  if (result.warningCount > 0) {
    lines.push(`  notes and warnings: ${result.warningCount}`);
    for (const w of result.warnings.slice(0, 20)) lines.push(`    ${w.entity}${w.sourcedId ? ` ${w.sourcedId}` : ""}: ${w.why}`);
  }
  if (result.status === "dry-run") {
    for (const entity of ENTITY_ORDER) {
      for (const change of result.changes[entity]) lines.push(`  would ${change.action} ${entity} ${change.sourcedId}`);
    }
  }
  return lines;
}
