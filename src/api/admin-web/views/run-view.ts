import type { HeldRun } from "../../../jobs/held-runs.ts";
import { html, page, path, type SafeHtml } from "../html.ts";
import type { FoundRun } from "../queries.ts";
import { APPROVAL_EXPLAINED, approveForm, duration, status } from "./run-parts.ts";

type SignedIn = { user: string; csrfToken: string };

const COUNT_KINDS = ["created", "updated", "unchanged", "removed", "skipped"] as const;

function warningsList(warnings: Array<{ entity: string; sourcedId?: string; why: string }>, total: number): SafeHtml {
  if (total === 0) return html`<p>No warnings.</p>`;
  const shown = warnings.length < total ? html`<p>The first ${warnings.length} of ${total} warnings:</p>` : "";
  return html`${shown}<ul>${warnings.map((w) => html`<li>${w.entity} ${w.sourcedId ?? "(no sourcedId)"}: ${w.why}</li>`)}</ul>`;
}

function importDetails(found: Extract<FoundRun, { kind: "import" }>, held: HeldRun | undefined, csrfToken: string): SafeHtml {
  const { run } = found;
  const entities = Object.entries(run.counts).filter(([, c]) => c !== undefined);
  const counts = entities.length === 0
    ? html`<p>No counts recorded.</p>`
    : html`<table><thead><tr><th>Entity</th>${COUNT_KINDS.map((k) => html`<th>${k}</th>`)}</tr></thead>
<tbody>${entities.map(([entity, c]) => html`<tr><td>${entity}</td>${COUNT_KINDS.map((k) => html`<td class="n">${c![k]}</td>`)}</tr>`)}</tbody></table>`;
  const heldPart = held
    ? html`<h2>Held by the mass-delete guard</h2><p>${APPROVAL_EXPLAINED}</p>
<p>${held.approval ? html`Approved by ${held.approval.approvedBy} at ${held.approval.approvedAt}${held.approval.usedAt ? html`; taken by the next run at ${held.approval.usedAt}` : "; waits for the next run."}` : approveForm(run.tenantId, run.id, csrfToken)}</p>`
    : "";
  return html`<table>
<tr><th>Source</th><td>${run.sourceId} (${run.sourceKind})</td></tr>
<tr><th>Mode</th><td>${run.mode}</td></tr>
<tr><th>Status</th><td>${status(run.status, run.forced)}</td></tr>
<tr><th>Started</th><td>${run.startedAt}</td></tr><tr><th>Finished</th><td>${run.finishedAt ?? "—"}</td></tr><tr><th>Took</th><td>${duration(run)}</td></tr>
</table>
${run.error ? html`<h2>Error</h2><p class="error">${run.error}</p>` : ""}
${heldPart}
<h2>Changes</h2>${run.status === "stopped" || run.status === "failed" ? html`<p>What the run would have done; nothing was written.</p>` : ""}${counts}
<h2>Warnings</h2>${warningsList(run.warnings, run.warningCount)}`;
}

function exportDetails(found: Extract<FoundRun, { kind: "export" }>): SafeHtml {
  const { run } = found;
  const entities = Object.entries(run.counts);
  const kinds = [...new Set(entities.flatMap(([, c]) => Object.keys(c)))];
  const counts = entities.length === 0
    ? html`<p>No counts recorded.</p>`
    : html`<table><thead><tr><th>Entity</th>${kinds.map((k) => html`<th>${k}</th>`)}</tr></thead>
<tbody>${entities.map(([entity, c]) => html`<tr><td>${entity}</td>${kinds.map((k) => html`<td class="n">${c[k] ?? 0}</td>`)}</tr>`)}</tbody></table>`;
  return html`<table>
<tr><th>Target</th><td>${run.targetId} (${run.targetKind})</td></tr>
<tr><th>Status</th><td>${status(run.status)}</td></tr>
<tr><th>Started</th><td>${run.startedAt}</td></tr><tr><th>Finished</th><td>${run.finishedAt ?? "—"}</td></tr><tr><th>Took</th><td>${duration(run)}</td></tr>
</table>
${run.error ? html`<h2>Error</h2><p class="error">${run.error}</p>` : ""}
<h2>Counts</h2>${counts}
<h2>Warnings</h2>${warningsList(run.warnings, run.warningCount)}`;
}

export function runPage(tenant: { id: string; name: string }, found: FoundRun, held: HeldRun | undefined, signedIn: SignedIn): string {
  const title = `${found.kind === "import" ? "Import" : "Export"} run ${found.run.id}`;
  return page(
    title,
    html`<p><a href="/admin">Tenants</a> › <a href="${path`/admin/tenants/${tenant.id}`}">${tenant.name}</a></p>
<h1>${title}</h1>
${found.kind === "import" ? importDetails(found, held, signedIn.csrfToken) : exportDetails(found)}`,
    signedIn,
  );
}
