import { randomUUID } from "node:crypto";
import type { FakeClass, FakeGraphState } from "./state.ts";

export interface FakeRequest {
  method: string;
  /** Path under /v1.0, e.g. "/education/classes", and its query string parsed. */
  path: string;
  query: URLSearchParams;
  body: unknown;
}

export interface FakeResponse {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

function error(status: number, code: string, message: string): FakeResponse {
  return { status, body: { error: { code, message } } };
}

function classJson(schoolClass: FakeClass): Record<string, unknown> {
  const { members: _members, teachers: _teachers, ...rest } = schoolClass;
  return rest;
}

/** An OData string literal of `$filter=field eq '…'`, quotes doubled inside. */
function filterValue(filter: string | null, field: string): string | undefined {
  const match = filter?.match(new RegExp(`^${field} eq '((?:[^']|'')*)'$`));
  return match ? match[1]!.replaceAll("''", "'") : undefined;
}

/** The user id at the end of an @odata.id such as https://graph.microsoft.com/v1.0/education/users/{id}. */
function referencedId(body: unknown): string | undefined {
  const ref = (body as Record<string, unknown> | null)?.["@odata.id"];
  return typeof ref === "string" ? ref.split("/").pop() : undefined;
}

export interface RouteOptions {
  baseUrl: string;
  pageSize: number;
  teamNotReplicatedAttempts: () => number;
}

/** Graph v1.0 as far as the exporter uses it: education classes and their $refs, users, teams. */
export function route(state: FakeGraphState, request: FakeRequest, options: RouteOptions): FakeResponse {
  const { method, path, query, body } = request;
  const parts = path.split("/").filter(Boolean).map(decodeURIComponent);
  const [root, second, third, fourth, fifth, sixth] = parts;

  if (root === "users" && method === "GET") {
    if (second === undefined) {
      const upn = filterValue(query.get("$filter"), "userPrincipalName");
      if (upn === undefined) return error(400, "BadRequest", "only $filter=userPrincipalName eq '…' is supported");
      const user = state.userByName(upn);
      return { status: 200, body: { value: user ? [user] : [] } };
    }
    const user = state.userByName(second);
    return user ? { status: 200, body: user } : error(404, "Request_ResourceNotFound", `Resource '${second}' does not exist`);
  }

  if (root === "education" && second === "classes") {
    if (third === undefined) {
      if (method === "GET") {
        const externalId = filterValue(query.get("$filter"), "externalId");
        const all = [...state.classes.values()];
        const value = externalId === undefined ? all : all.filter((c) => c.externalId === externalId);
        return { status: 200, body: { value: value.map(classJson) } };
      }
      if (method === "POST") {
        const input = body as Record<string, unknown>;
        if (typeof input?.displayName !== "string" || typeof input.mailNickname !== "string") {
          return error(400, "BadRequest", "displayName and mailNickname are required");
        }
        const schoolClass: FakeClass = {
          ...(input as Omit<FakeClass, "id" | "members" | "teachers">),
          id: randomUUID(),
          externalId: input.externalId as string | undefined,
          members: new Set(),
          teachers: new Set(),
        };
        state.classes.set(schoolClass.id, schoolClass);
        return { status: 201, body: classJson(schoolClass) };
      }
    }
    const schoolClass = third === undefined ? undefined : state.classes.get(third);
    if (!schoolClass) return error(404, "Request_ResourceNotFound", `class ${third} does not exist`);
    if (fourth === undefined) {
      if (method === "GET") return { status: 200, body: classJson(schoolClass) };
      if (method === "PATCH") {
        const { id: _id, externalId: _externalId, ...changes } = body as Record<string, unknown>;
        Object.assign(schoolClass, changes);
        return { status: 204 };
      }
    }
    if (fourth === "members" || fourth === "teachers") {
      const set = schoolClass[fourth];
      if (method === "GET" && fifth === undefined) {
        const ids = [...set].sort();
        const skip = Number(query.get("$skiptoken") ?? 0);
        const page = ids.slice(skip, skip + options.pageSize);
        const next = skip + options.pageSize < ids.length;
        return {
          status: 200,
          body: {
            value: page.map((id) => ({ id })),
            ...(next ? { "@odata.nextLink": `${options.baseUrl}/v1.0/education/classes/${schoolClass.id}/${fourth}?$select=id&$skiptoken=${skip + options.pageSize}` } : {}),
          },
        };
      }
      if (method === "POST" && fifth === "$ref") {
        const userId = referencedId(body);
        if (!userId || !state.users.has(userId)) return error(404, "Request_ResourceNotFound", `user ${userId} does not exist`);
        if (set.has(userId)) return error(400, "Request_BadRequest", "One or more added object references already exist for the following modified properties: 'members'.");
        set.add(userId);
        return { status: 204 };
      }
      if (method === "DELETE" && fifth !== undefined && sixth === "$ref") {
        if (!set.delete(fifth)) return error(404, "Request_ResourceNotFound", `${fifth} is not in ${fourth}`);
        return { status: 204 };
      }
    }
    return error(405, "MethodNotAllowed", `${method} ${path}`);
  }

  if (root === "teams") {
    if (second === undefined && method === "POST") return createTeam(state, body, options);
    const team = second === undefined ? undefined : state.teams.get(second);
    if (!team) return error(404, "NotFound", `team ${second} does not exist`);
    if (third === undefined && method === "GET") return { status: 200, body: team };
    if ((third === "archive" || third === "unarchive") && method === "POST") {
      team.isArchived = third === "archive";
      return { status: 202, headers: { Location: `/teams('${team.id}')/operations('${randomUUID()}')` } };
    }
  }

  if (root === "groups" && third !== "team") {
    if (second === undefined) {
      if (method === "GET") {
        const nickname = filterValue(query.get("$filter"), "mailNickname");
        const value = [...state.groups.values()].filter((g) => nickname === undefined || g.mailNickname === nickname);
        return { status: 200, body: { value: value.map(({ members: _m, owners: _o, ...g }) => g) } };
      }
      if (method === "POST") {
        const input = body as Record<string, unknown>;
        if (typeof input?.displayName !== "string" || typeof input.mailNickname !== "string" || typeof input.securityEnabled !== "boolean" || typeof input.mailEnabled !== "boolean") {
          return error(400, "BadRequest", "displayName, mailNickname, mailEnabled and securityEnabled are required");
        }
        const group = {
          id: randomUUID(),
          displayName: input.displayName,
          mailNickname: input.mailNickname,
          securityEnabled: input.securityEnabled,
          mailEnabled: input.mailEnabled,
          ...(typeof input.description === "string" ? { description: input.description } : {}),
          ...(Array.isArray(input.groupTypes) ? { groupTypes: input.groupTypes as string[] } : {}),
          members: new Set<string>(),
          owners: new Set<string>(),
        };
        state.groups.set(group.id, group);
        const { members: _m, owners: _o, ...json } = group;
        return { status: 201, body: json };
      }
    }
    const group = second === undefined ? undefined : state.groups.get(second);
    if (!group) return error(404, "Request_ResourceNotFound", `group ${second} does not exist`);
    if (third === undefined && method === "PATCH") {
      const { displayName, description } = body as { displayName?: string; description?: string };
      if (displayName !== undefined) group.displayName = displayName;
      if (description !== undefined) group.description = description;
      return { status: 204 };
    }
    if (third === "members" || third === "owners") {
      const set = group[third];
      if (method === "GET" && fourth === undefined) {
        const ids = [...set].sort();
        const skip = Number(query.get("$skiptoken") ?? 0);
        const next = skip + options.pageSize < ids.length;
        return {
          status: 200,
          body: {
            value: ids.slice(skip, skip + options.pageSize).map((id) => ({ id })),
            ...(next ? { "@odata.nextLink": `${options.baseUrl}/v1.0/groups/${group.id}/${third}?$select=id&$skiptoken=${skip + options.pageSize}` } : {}),
          },
        };
      }
      if (method === "POST" && fourth === "$ref") {
        const userId = referencedId(body);
        if (!userId || !state.users.has(userId)) return error(404, "Request_ResourceNotFound", `user ${userId} does not exist`);
        if (set.has(userId)) return error(400, "Request_BadRequest", `One or more added object references already exist for the following modified properties: '${third}'.`);
        set.add(userId);
        return { status: 204 };
      }
      if (method === "DELETE" && fourth !== undefined && fifth === "$ref") {
        if (!set.delete(fourth)) return error(404, "Request_ResourceNotFound", `${fourth} is not in ${third}`);
        return { status: 204 };
      }
    }
    return error(405, "MethodNotAllowed", `${method} ${path}`);
  }

  if (root === "groups" && third === "team" && method === "PUT") {
    const group = second === undefined ? undefined : state.groups.get(second);
    if (group) {
      if (!group.groupTypes?.includes("Unified")) return error(400, "BadRequest", "only a Microsoft 365 group can have a team");
      if (group.owners.size === 0) return error(400, "BadRequest", "the group has no owner");
      if (state.teams.has(group.id)) return error(409, "Conflict", "the group already has a team");
      const team = { id: group.id, isArchived: false };
      state.teams.set(team.id, team);
      return { status: 201, body: team };
    }
    const schoolClass = second === undefined ? undefined : state.classes.get(second);
    if (!schoolClass) return error(404, "NotFound", `group ${second} does not exist`);
    if (schoolClass.teachers.size === 0) return error(400, "BadRequest", "the group has no owner");
    const team = state.teams.get(schoolClass.id) ?? { id: schoolClass.id, isArchived: false };
    state.teams.set(team.id, team);
    return { status: 201, body: team };
  }

  return error(404, "NotFound", `${method} ${path} is not faked`);
}

function createTeam(state: FakeGraphState, body: unknown, options: RouteOptions): FakeResponse {
  const input = body as Record<string, unknown> | null;
  const template = input?.["template@odata.bind"];
  if (typeof template !== "string" || !template.endsWith("/teamsTemplates('educationClass')")) {
    return error(400, "BadRequest", "only the educationClass template is faked");
  }
  const groupId = String(input?.["group@odata.bind"] ?? "").match(/groups\('([^']+)'\)$/)?.[1];
  const schoolClass = groupId === undefined ? undefined : state.classes.get(groupId);
  if (!schoolClass) return error(404, "NotFound", `group ${groupId} does not exist`);
  const attempts = (state.teamAttempts.get(schoolClass.id) ?? 0) + 1;
  state.teamAttempts.set(schoolClass.id, attempts);
  if (attempts <= options.teamNotReplicatedAttempts()) return error(404, "NotFound", "Failed to execute Templates backend request CreateTeamFromGroupWithTemplateRequest.");
  if (state.teams.has(schoolClass.id)) return error(409, "Conflict", "the group already has a team");
  if (schoolClass.teachers.size === 0) return error(400, "BadRequest", "the group has no owner");
  state.teams.set(schoolClass.id, { id: schoolClass.id, isArchived: false });
  return {
    status: 202,
    headers: { Location: `/teams('${schoolClass.id}')/operations('${randomUUID()}')`, "Content-Location": `/teams('${schoolClass.id}')` },
  };
}
