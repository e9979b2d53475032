/** HTML that is already safe (made by `html`); anything else put into `html` is escaped. */
export class SafeHtml {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

function render(value: unknown): string {
  if (value instanceof SafeHtml) return value.text;
  if (Array.isArray(value)) return value.map(render).join("");
  if (value === null || value === undefined || value === false) return "";
  if (value instanceof Date) return escapeHtml(value.toISOString());
  return escapeHtml(String(value));
}

/** A template tag: every interpolated value is escaped unless it is SafeHtml (arrays are rendered item by item). */
export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let out = strings[0]!;
  values.forEach((value, i) => {
    out += render(value) + strings[i + 1]!;
  });
  return new SafeHtml(out);
}

/** A path with each dynamic segment percent-encoded, e.g. path`/admin/tenants/${id}`; escape it with `html` as usual. */
export function path(strings: TemplateStringsArray, ...segments: string[]): string {
  return strings.reduce((out, part, i) => out + part + (i < segments.length ? encodeURIComponent(segments[i]!) : ""), "");
}

const STYLE = `
body{font:15px/1.45 system-ui,sans-serif;margin:0;color:#1d2733;background:#f5f7fa}
header{background:#1f3a5f;color:#fff;padding:.6rem 1.2rem;display:flex;gap:1rem;align-items:center}
header a{color:#fff}header form{margin-left:auto}
main{padding:1rem 1.2rem;max-width:72rem}
h1{font-size:1.4rem}h2{font-size:1.15rem;margin-top:1.8rem}
table{border-collapse:collapse;background:#fff;margin:.4rem 0}
th,td{border:1px solid #d5dbe3;padding:.3rem .55rem;text-align:left;vertical-align:top}
th{background:#eef2f7}td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.status-succeeded{color:#176b2c}.status-failed,.status-stopped,.error{color:#a3221b}
.notice{background:#e7f3e9;border:1px solid #9cc9a6;padding:.6rem .8rem}
.problem{background:#fbeaea;border:1px solid #e3a3a0;padding:.6rem .8rem}
.secret{font:1.05rem monospace;background:#fff8d6;border:1px solid #d8c46a;padding:.5rem;display:inline-block}
form.inline{display:inline}label{display:block;margin:.35rem 0}
button{padding:.25rem .8rem}code{font-size:.92em}
`;

/** A whole page: title, the signed-in user with a sign-out button (when signed in), and the body. */
export function page(title: string, body: SafeHtml, signedIn?: { user: string; csrfToken: string }): string {
  const account = signedIn
    ? html`<span>${signedIn.user}</span>
        <form method="post" action="/admin/logout"><input type="hidden" name="_csrf" value="${signedIn.csrfToken}"><button>Sign out</button></form>`
    : "";
  return html`<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${title} · OneRoster admin</title><style>${new SafeHtml(STYLE)}</style></head>
<body><header><a href="/admin">OneRoster admin</a>${account}</header>
<main>${body}</main></body></html>`.text;
}
