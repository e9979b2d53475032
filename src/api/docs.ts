import express, { type Router } from "express";
import swaggerUi from "swagger-ui-express";
import { oneRosterV1p1OpenApi } from "./openapi-document.ts";
import { BASE_PATH } from "./v1p1/request-context.ts";

export const OPENAPI_URL = `${BASE_PATH}/openapi.yaml`;

/** The OpenAPI document as YAML, and a browsable page of it at /docs (Swagger UI, served from this server). */
export function docsRouter(): Router {
  const router = express.Router();
  router.get(OPENAPI_URL, (_req, res) => {
    res.type("application/yaml").send(oneRosterV1p1OpenApi().text);
  });
  router.use("/docs", swaggerUi.serveFiles(undefined, { swaggerOptions: { url: OPENAPI_URL } }), swaggerUi.setup(undefined, {
    customSiteTitle: "OneRoster 1.1 API",
    swaggerOptions: { url: OPENAPI_URL },
  }));
  return router;
}
