import type { RequestHandler } from "express";

/** The auth check in front of each family of routes: which scopes let a caller through. */
export interface Guards {
  rosterCore: RequestHandler;
  demographics: RequestHandler;
  resources: RequestHandler;
  gradebookRead: RequestHandler;
  gradebookWrite: RequestHandler;
  gradebookDelete: RequestHandler;
}
