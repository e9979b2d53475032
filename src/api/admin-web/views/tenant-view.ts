import type { ExportRun } from "../../../../exporters/run-record.ts";
import type { HeldRun } from "../../../jobs/held-runs.ts";
import type { SyncRun } from "../../../sync/run-record.ts";
import type { ClientRecord } from "../../auth/clients.ts";
import { SCOPE_NAMES } from "../../auth/scopes.ts";
import { html, page, path, type SafeHtml } from "../html.ts";
import type { SchoolCounts } from "../queries.ts";
import { APPROVAL_EXPLAINED, approveForm, duration, exportCounts, importChanges, runLink, status } from "./run-parts.ts";

export interface TenantPageData {
  tenant: { id: string; name: string };
  imports: SyncRun[];
  exports: ExportRun[];
  held: HeldRun[];
  clients: ClientRecord[];
  schools: SchoolCounts[];
  /** A line saying what the last action did. */
  notice?: string;
}

type SignedIn = { user: string; csrfToken: string };

function heldSection(tenantId: string, held: HeldRun[], csrfToken: string): SafeHtml {
  if (held.length === 0) return html`<p>No run is held by the mass-delete guard.</p>`;
  const rows = held.map((run) => {
    const approval = run.approval
      ? html`approved by ${run.approval.approvedBy} at ${run.approval.approvedAt}${run.approval.usedAt ? html`; taken by the next run at ${run.approval.usedAt}` : "; waits for the next run"}`
      : approveForm(tenantId, run.runId, csrfToken);
    return html`<tr><td>${runLink(tenantId, run.runId, run.startedAt.toISOString())}</td><td>${run.sourceId} (${run.sourceKind})</td>
<td class="error">${run.error}</td><td>${approval}</td></tr>`;
  });
  return html`<p>${APPROVAL_EXPLAINED}</p>
<table><thead><tr><th>Stopped run</th><th>Source</th><th>Why</th><th>Approval</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function importsSection(tenantId: string, runs: SyncRun[]): SafeHtml {
  if (runs.length === 0) return html`<p>No import runs yet.</p>`;
  const rows = runs.map(
    (run) => html`<tr><td>${runLink(tenantId, run.id, run.startedAt.toISOString())}</td><td>${run.sourceId} (${run.sourceKind})</td>
<td>${status(run.status, run.forced)}</td><td>${run.mode}</td><td class="n">${duration(run)}</td><td>${importChanges(run)}</td>
<td class="n">${run.warningCount}</td><td class="error">${run.error}</td></tr>`,
  );
  return html`<table><thead><tr><th>Started</th><th>Source</th><th>Status</th><th>Mode</th><th>Took</th><th>Changes</th><th>Warnings</th><th>Error</th></tr></thead>
<tbody>${rows}</tbody></table>`;
}

function exportsSection(tenantId: string, runs: ExportRun[]): SafeHtml {
  if (runs.length === 0) return html`<p>No export runs yet.</p>`;
  const rows = runs.map(
    (run) => html`<tr><td>${runLink(tenantId, run.id, run.startedAt.toISOString())}</td><td>${run.targetId} (${run.targetKind})</td>
<td>${status(run.status)}</td><td class="n">${duration(run)}</td><td>${exportCounts(run)}</td><td class="n">${run.warningCount}</td><td class="error">${run.error}</td></tr>`,
  );
  return html`<table><thead><tr><th>Started</th><th>Target</th><th>Status</th><th>Took</th><th>Counts</th><th>Warnings</th><th>Error</th></tr></thead>
<tbody>${rows}</tbody></table>`;
}

const ROLE_ORDER = ["student", "teacher", "guardian", "parent", "relative", "administrator", "aide", "proctor"];

function schoolsSection(schools: SchoolCounts[]): SafeHtml {
  if (schools.length === 0) return html`<p>No schools.</p>`;
  const present = new Set(schools.flatMap((s) => Object.keys(s.usersByRole)));
  const roles = [...ROLE_ORDER.filter((r) => present.has(r)), ...[...present].filter((r) => !ROLE_ORDER.includes(r)).sort()];
  const rows = schools.map(
    (s) => html`<tr><td>${s.name}</td><td>${s.sourcedId}</td><td>${s.identifier}</td>${roles.map((r) => html`<td class="n">${s.usersByRole[r] ?? 0}</td>`)}
<td class="n">${s.classes}</td><td class="n">${s.enrollments}</td></tr>`,
  );
  return html`<p>Active records only.</p><table><thead><tr><th>School</th><th>sourcedId</th><th>Identifier</th>${roles.map((r) => html`<th>${r}s</th>`)}<th>Classes</th><th>Enrollments</th></tr></thead>
<tbody>${rows}</tbody></table>`;
}

function clientsSection(tenantId: string, clients: ClientRecord[], schools: SchoolCounts[], csrfToken: string): SafeHtml {
  const rows = clients.map((c) => {
    const state = c.revokedAt
      ? html`revoked ${c.revokedAt}`
      : html`active <form class="inline" method="post" action="${path`/admin/tenants/${tenantId}/clients/${c.clientId}/revoke`}">
<input type="hidden" name="_csrf" value="${csrfToken}"><button>Revoke</button></form>`;
    return html`<tr><td><code>${c.clientId}</code></td><td>${c.name}</td><td>${c.scopes.join(", ")}</td>
<td>${c.schoolSourcedIds ? c.schoolSourcedIds.join(", ") : "all schools"}</td><td>${c.createdAt}</td><td>${state}</td></tr>`;
  });
  const table = clients.length === 0
    ? html`<p>No API clients.</p>`
    : html`<table><thead><tr><th>Client id</th><th>Name</th><th>Scopes</th><th>Schools</th><th>Created</th><th>State</th></tr></thead><tbody>${rows}</tbody></table>`;
  return html`${table}
<h3>New API client</h3>
<form method="post" action="${path`/admin/tenants/${tenantId}/clients`}">
<input type="hidden" name="_csrf" value="${csrfToken}">
<label>Name <input name="name" required maxlength="200"></label>
<fieldset><legend>Scopes (none ticked: every read-only scope)</legend>
${SCOPE_NAMES.map((s) => html`<label><input type="checkbox" name="scopes" value="${s}"> ${s}</label>`)}</fieldset>
<fieldset><legend>Schools (none ticked: every school)</legend>
${schools.map((s) => html`<label><input type="checkbox" name="schools" value="${s.sourcedId}"> ${s.name}</label>`)}</fieldset>
<button>Create client</button>
</form>`;
}

export function tenantPage(data: TenantPageData, signedIn: SignedIn): string {
  const { tenant } = data;
  return page(
    tenant.name,
    html`<p><a href="/admin">Tenants</a></p>
<h1>${tenant.name} <small>(${tenant.id})</small></h1>
${data.notice ? html`<p class="notice" role="status">${data.notice}</p>` : ""}
<h2>Held runs</h2>${heldSection(tenant.id, data.held, signedIn.csrfToken)}
<h2>Last import runs</h2>${importsSection(tenant.id, data.imports)}
<h2>Last export runs</h2>${exportsSection(tenant.id, data.exports)}
<h2>Schools</h2>${schoolsSection(data.schools)}
<h2>API clients</h2>${clientsSection(tenant.id, data.clients, data.schools, signedIn.csrfToken)}`,
    signedIn,
  );
}
