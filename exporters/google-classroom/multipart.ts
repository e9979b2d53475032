/**
 * Google's batch protocol (multipart/mixed): each part is one HTTP request (Content-Type: application/http) named by
 * a Content-ID; the answer holds one HTTP response per part, named `response-<that Content-ID>`.
 */

export interface InnerRequest {
  id: string;
  method: string;
  /** Path and query under the root URL, e.g. "/v1/courses/123/students". */
  path: string;
  body?: unknown;
}

export interface InnerResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

const CRLF = "\r\n";

export function batchRequestBody(requests: readonly InnerRequest[], boundary: string): string {
  const parts = requests.map((request) => {
    const head = [`--${boundary}`, "Content-Type: application/http", `Content-ID: <${request.id}>`, "", `${request.method} ${request.path} HTTP/1.1`];
    if (request.body === undefined) return [...head, "", ""].join(CRLF);
    return [...head, "Content-Type: application/json; charset=UTF-8", "", JSON.stringify(request.body)].join(CRLF);
  });
  return `${parts.join(CRLF)}${CRLF}--${boundary}--${CRLF}`;
}

/** The boundary parameter of a multipart Content-Type header. */
export function boundaryOf(contentType: string | null | undefined): string | undefined {
  const match = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType ?? "");
  return match?.[1] ?? match?.[2];
}

function splitHead(text: string): { head: string[]; rest: string } {
  const at = text.search(/\r?\n\r?\n/);
  if (at < 0) return { head: text.split(/\r?\n/), rest: "" };
  const separator = /\r?\n\r?\n/.exec(text.slice(at))![0];
  return { head: text.slice(0, at).split(/\r?\n/), rest: text.slice(at + separator.length) };
}

function headerMap(lines: string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(":");
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return headers;
}

/** The inner responses of a batch answer by the Content-ID they answer (the `response-` prefix taken off). */
export function parseBatchResponse(text: string, boundary: string): Map<string, InnerResponse> {
  const answers = new Map<string, InnerResponse>();
  const delimiter = `--${boundary}`;
  for (const chunk of text.split(delimiter).slice(1)) {
    if (chunk.startsWith("--")) break;
    const part = splitHead(chunk.replace(/^\r?\n/, ""));
    const contentId = headerMap(part.head)["content-id"]?.replace(/^<|>$/g, "").replace(/^response-/, "");
    const http = splitHead(part.rest);
    const statusLine = http.head[0] ?? "";
    const status = Number(/^HTTP\/[\d.]+\s+(\d{3})/.exec(statusLine)?.[1]);
    if (contentId === undefined || Number.isNaN(status)) continue;
    const bodyText = http.rest.replace(/\r?\n$/, "").trim();
    let body: unknown = null;
    if (bodyText) {
      try {
        body = JSON.parse(bodyText);
      } catch {
        body = bodyText;
      }
    }
    answers.set(contentId, { status, headers: headerMap(http.head.slice(1)), body });
  }
  return answers;
}
