import type { Request, RequestHandler } from "express";
import * as OpenApiValidator from "express-openapi-validator";
import { oneRosterV1p1OpenApi } from "./openapi-document.ts";

/** HEAD requests being validated as the GET they stand for. */
const headRequests = new WeakSet<Request>();

/**
 * The OpenAPI document has no HEAD operations, but Express answers HEAD with the GET route; without this the
 * validator would refuse every HEAD with 405.
 */
const validateHeadAsGet: RequestHandler = (req, _res, next) => {
  if (req.method === "HEAD") {
    headRequests.add(req);
    req.method = "GET";
  }
  next();
};

const restoreHead: RequestHandler = (req, _res, next) => {
  if (headRequests.has(req)) req.method = "HEAD";
  next();
};

/**
 * Validates OneRoster 1.1 requests against openapi/oneroster-v1p1.yaml: path (an unknown one is a 404, a method the
 * path lacks a 405), query parameters (coerced, so `limit` arrives as a number) and PUT bodies; errors go to `next`
 * for the OneRoster error handler. Mount it under BASE_PATH, after the body parser and authentication and before the
 * router: `app.use(BASE_PATH, express.json(), authenticate, oneRosterV1p1Validator(), oneRosterV1p1Router(…), oneRosterErrorHandler)`.
 * It matches on `req.originalUrl` against the document's server URL (the base path), so it works at any mount point.
 */
export function oneRosterV1p1Validator(): RequestHandler[] {
  const validate = OpenApiValidator.middleware({
    apiSpec: oneRosterV1p1OpenApi().document as Parameters<typeof OpenApiValidator.middleware>[0]["apiSpec"],
    // OAuth 1.0a clients may sign with oauth_* parameters in the query, bearer clients may send access_token.
    validateRequests: { allowUnknownQueryParameters: true },
    validateResponses: false,
    // passport authenticates and the route guards check scopes.
    validateSecurity: false,
    ignoreUndocumented: false,
    // The document itself is served beside the API (src/api/docs.ts), whatever the order of mounting.
    ignorePaths: /\/openapi\.yaml$/,
  }) as unknown as RequestHandler[];
  return [validateHeadAsGet, ...validate, restoreHead];
}
