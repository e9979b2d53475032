import type { ExportRun } from "../../../../exporters/run-record.ts";
import type { SyncRun } from "../../../sync/run-record.ts";
import { html, path, type SafeHtml } from "../html.ts";

/** Bits of run tables shared by the tenant page and the run page. */

export function status(value: string, forced = false): SafeHtml {
  return html`<span class="status-${value}">${value}</span>${forced ? " (forced)" : ""}`;
}

export function duration(run: { startedAt: Date; finishedAt: Date | null }): string {
  return run.finishedAt ? `${((run.finishedAt.getTime() - run.startedAt.getTime()) / 1000).toFixed(1)} s` : "still running";
}

/** created / updated / removed over every entity of an import run, e.g. "+3 ~1 −2" in words. */
export function importChanges(run: SyncRun): string {
  let created = 0;
  let updated = 0;
  let removed = 0;
  for (const c of Object.values(run.counts)) {
    if (!c) continue;
    created += c.created;
    updated += c.updated;
    removed += c.removed;
  }
  return `${created} created, ${updated} updated, ${removed} removed`;
}

/** Every count of an export run as "entity: n key, …". */
export function exportCounts(run: ExportRun): string {
  return Object.entries(run.counts)
    .map(([entity, counts]) => `${entity}: ${Object.entries(counts).map(([key, n]) => `${n} ${key}`).join(", ")}`)
    .join("; ");
}

export function runLink(tenantId: string, runId: string, text: string): SafeHtml {
  return html`<a href="${path`/admin/tenants/${tenantId}/runs/${runId}`}">${text}</a>`;
}

/** The approve form of a held run; the page says what approving does next to it. */
export function approveForm(tenantId: string, runId: string, csrfToken: string): SafeHtml {
  return html`<form class="inline" method="post" action="${path`/admin/tenants/${tenantId}/held-runs/${runId}/approve`}">
<input type="hidden" name="_csrf" value="${csrfToken}"><button>Approve</button></form>`;
}

export const APPROVAL_EXPLAINED =
  "Approving lets the next run of the source apply the removals the mass-delete guard held back (as with --force), once. " +
  "Nothing changes now: the source's next scheduled (or manual) run applies it.";
