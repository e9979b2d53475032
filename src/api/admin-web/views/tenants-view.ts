import { html, page, path } from "../html.ts";
import type { TenantSummary } from "../queries.ts";
import { status } from "./run-parts.ts";

function lastRun(run: TenantSummary["lastImport"]) {
  return run ? html`${status(run.status)} ${run.startedAt}` : "never";
}

export function tenantsPage(tenants: TenantSummary[], heldByTenant: Map<string, number>, signedIn: { user: string; csrfToken: string }): string {
  const rows = tenants.map(
    (t) => html`<tr>
<td><a href="${path`/admin/tenants/${t.id}`}">${t.id}</a></td><td>${t.name}</td>
<td>${lastRun(t.lastImport)}</td><td>${lastRun(t.lastExport)}</td>
<td class="n">${heldByTenant.get(t.id) ? html`<strong class="error">${heldByTenant.get(t.id)}</strong>` : "0"}</td></tr>`,
  );
  return page(
    "Tenants",
    html`<h1>Tenants</h1>
<table><thead><tr><th>Tenant</th><th>Name</th><th>Last import</th><th>Last export</th><th>Held runs</th></tr></thead>
<tbody>${rows}</tbody></table>`,
    signedIn,
  );
}
