import { html, page, path, type SafeHtml } from "../html.ts";

type SignedIn = { user: string; csrfToken: string };

/** A page that says one thing (a refusal, a missing tenant) with a way back. */
export function messagePage(title: string, message: string, back: { href: string; text: string }, signedIn?: SignedIn): string {
  return page(title, html`<h1>${title}</h1><p class="problem" role="alert">${message}</p><p><a href="${back.href}">${back.text}</a></p>`, signedIn);
}

/** The one time a client secret is shown. */
export function clientCreatedPage(tenantId: string, credentials: { clientId: string; clientSecret: string }, name: string, signedIn: SignedIn): string {
  const body: SafeHtml = html`<h1>API client created</h1>
<p class="notice">Copy the secret now: it is shown only this once and cannot be shown again.</p>
<table><tr><th>Name</th><td>${name}</td></tr>
<tr><th>Client id</th><td><code class="secret" id="client-id">${credentials.clientId}</code></td></tr>
<tr><th>Client secret</th><td><code class="secret" id="client-secret">${credentials.clientSecret}</code></td></tr></table>
<p><a href="${path`/admin/tenants/${tenantId}`}">Back to the tenant</a></p>`;
  return page("API client created", body, signedIn);
}
