import type { ErrorRequestHandler } from "express";
import { ApiError, statusInfo, type CodeMinor } from "../status-info.ts";

interface HttpError {
  status?: number;
  statusCode?: number;
  type?: string;
  message?: string;
  errors?: Array<{ path?: string; message?: string }>;
  /** Headers the error calls for, e.g. Allow with the OpenAPI validator's 405. */
  headers?: Record<string, string>;
}

const CODE_OF_STATUS: Readonly<Record<number, CodeMinor>> = {
  400: "invaliddata",
  401: "unauthorisedrequest",
  403: "forbidden",
  404: "unknownobject",
  405: "unsupported",
  413: "invaliddata",
  415: "invaliddata",
  429: "server_busy",
};

/** What a client error from express or the OpenAPI validator says, as one line naming the parameter or field. */
function describe(error: HttpError): string {
  if (error.type === "entity.parse.failed") return "the request body is not valid JSON";
  if (error.type === "entity.too.large") return "the request body is too large";
  if (error.status === 415 && error.type === undefined) return "the request body must be JSON (Content-Type: application/json)";
  // The validator names a field by JSON pointer ("/body/result/score"); the body's fields read as "body result.score".
  const field = (path: string | undefined) => path?.replace(/^\/(query|body|params)\/(.*)$/, (_all, place: string, rest: string) => `${place} ${rest.replaceAll("/", ".")}`);
  const details = (error.errors ?? []).map((e) => [field(e.path), e.message].filter(Boolean).join(": "));
  return details.length > 0 ? details.join("; ") : (error.message ?? "bad request");
}

/**
 * Every error of the OneRoster API as a statusInfoSet with the spec's codes. Nothing internal leaks: a 500 says only
 * that the server failed, and the log has the rest (pino-http attaches the error to the request's log line).
 */
export const oneRosterErrorHandler: ErrorRequestHandler = (error: unknown, _req, res, next) => {
  if (res.headersSent) {
    // A streamed page failed half-way: the client must not mistake a cut body for a whole one.
    res.destroy(error instanceof Error ? error : undefined);
    return;
  }
  if (error instanceof ApiError) {
    res.status(error.httpStatus).json({ statusInfoSet: [error.toStatusInfo()] });
    return;
  }
  const http = (error ?? {}) as HttpError;
  const status = http.status ?? http.statusCode;
  if (status !== undefined && status >= 400 && status < 500) {
    for (const [name, value] of Object.entries(http.headers ?? {})) res.setHeader(name, value);
    res.status(status).json({ statusInfoSet: [statusInfo("failure", "error", CODE_OF_STATUS[status] ?? "invaliddata", describe(http))] });
    return;
  }
  res.err = error instanceof Error ? error : new Error(String(error));
  res
    .status(500)
    .json({ statusInfoSet: [statusInfo("failure", "error", "internal_server_error", "the server failed to answer this request; the failure is logged")] });
  void next;
};
