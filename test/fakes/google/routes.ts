import type { FakeClassroomState, FakeCourse, FakeCourseState, FakeGoogleUser } from "./state.ts";

export interface FakeRequest {
  method: string;
  /** Path under the root URL, e.g. "/v1/courses/123/students". */
  path: string;
  query: URLSearchParams;
  body: unknown;
}

export interface FakeResponse {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

const STATUS_TEXT: Record<number, string> = { 400: "INVALID_ARGUMENT", 404: "NOT_FOUND", 409: "ALREADY_EXISTS", 429: "RESOURCE_EXHAUSTED", 500: "INTERNAL" };

/** Google's error shape: {error: {code, message, status}}. */
export function googleError(code: number, message: string, status = STATUS_TEXT[code] ?? "UNKNOWN"): FakeResponse {
  return { status: code, body: { error: { code, message, status } } };
}

const notFound = () => googleError(404, "Requested entity was not found.");
const alreadyExists = () => googleError(409, "Requested entity already exists");
const precondition = (message: string) => googleError(400, message, "FAILED_PRECONDITION");

const COURSE_STATES = new Set(["ACTIVE", "ARCHIVED", "PROVISIONED", "DECLINED", "SUSPENDED"]);
const PATCHABLE = new Set(["name", "section", "descriptionHeading", "description", "room", "courseState", "ownerId"]);

function courseJson(course: FakeCourse): Record<string, unknown> {
  const { aliases: _a, teachers: _t, students: _s, ...rest } = course;
  return { ...rest, enrollmentCode: course.id.slice(-6), alternateLink: `https://classroom.google.com/c/${course.id}` };
}

function profile(user: FakeGoogleUser) {
  return { id: user.id, name: { fullName: user.fullName }, emailAddress: user.email };
}

function memberJson(course: FakeCourse, user: FakeGoogleUser) {
  return { courseId: course.id, userId: user.id, profile: profile(user) };
}

/** One page of a list; the page token is the offset (opaque to the client). */
function page<T>(items: T[], query: URLSearchParams, defaultSize: number): { items: T[]; nextPageToken?: string } {
  const size = Math.max(1, Number(query.get("pageSize") ?? 0) || defaultSize);
  const offset = Number(query.get("pageToken") ?? 0);
  const next = offset + size < items.length ? { nextPageToken: String(offset + size) } : {};
  return { items: items.slice(offset, offset + size), ...next };
}

export interface RouteOptions {
  pageSize: number;
}

/** Classroom v1 as far as the exporter uses it: courses, aliases, teachers, students, invitations, user profiles. */
export function route(state: FakeClassroomState, request: FakeRequest, options: RouteOptions): FakeResponse {
  const { method, query, body } = request;
  const parts = request.path.split("/").filter(Boolean).map(decodeURIComponent);
  if (parts[0] !== "v1") return googleError(404, `${method} ${request.path} is not faked`);
  const [, root, id, sub, subId] = parts;
  const input = (body ?? {}) as Record<string, unknown>;

  if (root === "userProfiles" && method === "GET" && id !== undefined && sub === undefined) {
    const user = state.user(id);
    return user ? { status: 200, body: profile(user) } : notFound();
  }

  if (root === "invitations") {
    if (id === undefined && method === "POST") return createInvitation(state, input);
    if (id === undefined && method === "GET") {
      const courseId = query.get("courseId");
      const userId = query.get("userId");
      if (!courseId && !userId) return googleError(400, "courseId or userId is required");
      const course = courseId ? state.course(courseId) : undefined;
      const matching = [...state.invitations.values()].filter((i) => (!courseId || i.courseId === course?.id) && (!userId || i.userId === state.user(userId)?.id));
      const { items, nextPageToken } = page(matching, query, options.pageSize);
      return { status: 200, body: { ...(items.length ? { invitations: items } : {}), ...(nextPageToken ? { nextPageToken } : {}) } };
    }
    if (id !== undefined && method === "DELETE") return state.invitations.delete(id) ? { status: 200, body: {} } : notFound();
    if (id !== undefined && method === "GET") {
      const invitation = state.invitations.get(id);
      return invitation ? { status: 200, body: invitation } : notFound();
    }
  }

  if (root !== "courses") return googleError(404, `${method} ${request.path} is not faked`);
  if (id === undefined) {
    if (method === "POST") return createCourse(state, input);
    if (method === "GET") {
      const { items, nextPageToken } = page([...state.courses.values()], query, options.pageSize);
      return { status: 200, body: { courses: items.map(courseJson), ...(nextPageToken ? { nextPageToken } : {}) } };
    }
    return googleError(400, `${method} /v1/courses is not allowed`);
  }
  const course = state.course(id);
  if (!course) return notFound();

  if (sub === undefined) {
    if (method === "GET") return { status: 200, body: courseJson(course) };
    if (method === "PATCH") return patchCourse(state, course, query.get("updateMask"), input);
    return googleError(400, `${method} on a course is not faked`);
  }

  if (sub === "aliases") {
    if (method === "GET") return { status: 200, body: { aliases: [...course.aliases].sort().map((alias) => ({ alias })) } };
    if (method === "POST") {
      const alias = String(input.alias ?? "");
      if (!/^[dp]:.{1,254}$/.test(alias)) return googleError(400, "the alias must start with d: or p:");
      if (state.course(alias)) return alreadyExists();
      course.aliases.add(alias);
      return { status: 200, body: { alias } };
    }
  }

  if (sub === "teachers" || sub === "students") {
    const members = course[sub];
    if (method === "GET" && subId === undefined) {
      const users = [...members].sort().map((userId) => state.users.get(userId)!);
      const { items, nextPageToken } = page(users, query, options.pageSize);
      return { status: 200, body: { ...(items.length ? { [sub]: items.map((user) => memberJson(course, user)) } : {}), ...(nextPageToken ? { nextPageToken } : {}) } };
    }
    if (method === "POST" && subId === undefined) {
      const user = typeof input.userId === "string" ? state.user(input.userId) : undefined;
      if (!user) return notFound();
      if (course.teachers.has(user.id) || course.students.has(user.id)) return alreadyExists();
      members.add(user.id);
      return { status: 200, body: memberJson(course, user) };
    }
    if (subId !== undefined) {
      const user = state.user(subId);
      if (!user || !members.has(user.id)) return notFound();
      if (method === "GET") return { status: 200, body: memberJson(course, user) };
      if (method === "DELETE") {
        if (sub === "teachers" && course.ownerId === user.id) return precondition("@CannotRemoveCourseOwner The course owner cannot be removed.");
        members.delete(user.id);
        return { status: 200, body: {} };
      }
    }
  }
  return googleError(404, `${method} ${request.path} is not faked`);
}

function createCourse(state: FakeClassroomState, input: Record<string, unknown>): FakeResponse {
  if (typeof input.name !== "string" || input.name.length === 0 || input.name.length > 750) return googleError(400, "name is required (1-750 characters)");
  if (typeof input.ownerId !== "string") return googleError(400, "ownerId is required");
  const owner = state.user(input.ownerId);
  if (!owner) return notFound();
  const alias = input.id;
  if (alias !== undefined) {
    if (typeof alias !== "string" || !/^[dp]:.{1,254}$/.test(alias)) return googleError(400, "id must be an alias (d:… or p:…)");
    if (state.course(alias)) return alreadyExists();
  }
  const courseState = input.courseState ?? "PROVISIONED";
  if (typeof courseState !== "string" || !COURSE_STATES.has(courseState)) return googleError(400, `courseState ${String(courseState)} is not valid`);
  const now = new Date().toISOString();
  const course: FakeCourse = {
    id: state.newId(),
    name: input.name,
    ...(typeof input.section === "string" ? { section: input.section } : {}),
    ...(typeof input.description === "string" ? { description: input.description } : {}),
    ownerId: owner.id,
    courseState: courseState as FakeCourseState,
    creationTime: now,
    updateTime: now,
    aliases: new Set(typeof alias === "string" ? [alias] : []),
    teachers: new Set([owner.id]),
    students: new Set(),
  };
  state.courses.set(course.id, course);
  return { status: 200, body: courseJson(course) };
}

function patchCourse(state: FakeClassroomState, course: FakeCourse, updateMask: string | null, input: Record<string, unknown>): FakeResponse {
  if (!updateMask) return googleError(400, "updateMask is required");
  const fields = updateMask.split(",").map((field) => field.trim());
  const unknown = fields.find((field) => !PATCHABLE.has(field));
  if (unknown) return googleError(400, `updateMask: ${unknown} cannot be updated`);
  if (course.courseState === "ARCHIVED" && fields.some((field) => field !== "courseState")) {
    return precondition("@CourseNotModifiable The course is archived: only its state can change.");
  }
  if (fields.includes("courseState") && (typeof input.courseState !== "string" || !COURSE_STATES.has(input.courseState))) {
    return googleError(400, `courseState ${String(input.courseState)} is not valid`);
  }
  let ownerId = course.ownerId;
  if (fields.includes("ownerId")) {
    const owner = typeof input.ownerId === "string" ? state.user(input.ownerId) : undefined;
    if (!owner) return notFound();
    if (!course.teachers.has(owner.id)) return precondition("@IneligibleOwner The new owner must be a teacher of the course.");
    ownerId = owner.id;
  }
  for (const field of fields) {
    if (field === "ownerId") course.ownerId = ownerId;
    else (course as unknown as Record<string, unknown>)[field] = input[field];
  }
  course.updateTime = new Date().toISOString();
  return { status: 200, body: courseJson(course) };
}

function createInvitation(state: FakeClassroomState, input: Record<string, unknown>): FakeResponse {
  const user = typeof input.userId === "string" ? state.user(input.userId) : undefined;
  const course = typeof input.courseId === "string" ? state.course(input.courseId) : undefined;
  if (!user || !course) return notFound();
  if (input.role !== "TEACHER" && input.role !== "STUDENT") return googleError(400, "role must be TEACHER or STUDENT");
  if (course.teachers.has(user.id) || course.students.has(user.id)) return precondition("@UserAlreadyInCourse");
  for (const invitation of state.invitations.values()) if (invitation.userId === user.id && invitation.courseId === course.id) return alreadyExists();
  const invitation = { id: state.newId(), userId: user.id, courseId: course.id, role: input.role as "TEACHER" | "STUDENT" };
  state.invitations.set(invitation.id, invitation);
  return { status: 200, body: invitation };
}
