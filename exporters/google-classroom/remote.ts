import { errorMessage, sendBatches, withBackoff, type BatchItem, type BatchOptions, type BatchResult } from "./batch.ts";
import type { ClassroomClient } from "./client.ts";
import type { ClassroomState, StateWrite } from "./export-state.ts";
import { neededRemoteReads, neededUserLookups, type ClassroomRemoteState, type RemoteRoster } from "./plan.ts";
import type { ClassroomSettings } from "./settings.ts";
import type { ClassroomSnapshot } from "./snapshot.ts";

export class ClassroomReadError extends Error {}

interface Keyed extends BatchItem {
  key: string;
}

/** Reads a list of calls (one batch per 50), each answered 200 or 404; anything else stops the run. */
async function readAll(client: ClassroomClient, items: Keyed[], options: BatchOptions, onRead: (key: string, result: BatchResult) => void): Promise<void> {
  await sendBatches(client, items, options, async (results) => {
    for (const { item, result } of results) {
      if (result.status !== 200 && result.status !== 404) throw new ClassroomReadError(`GET ${item.path}: Classroom answered ${errorMessage(result)}`);
      onRead(item.key, result);
    }
  });
}

type RosterKind = "teachers" | "students" | "invitations";

interface RosterPage {
  teachers?: Array<{ userId?: string | null }>;
  students?: Array<{ userId?: string | null }>;
  invitations?: Array<{ id?: string | null; userId?: string | null; role?: string | null }>;
  nextPageToken?: string | null;
}

/** The rest of a roster list after its first page, page by page through googleapis. */
async function followPages(client: ClassroomClient, kind: RosterKind, courseId: string, first: RosterPage, options: BatchOptions): Promise<RosterPage[]> {
  const pages = [first];
  let token = first.nextPageToken;
  while (token) {
    const pageToken = token;
    const response =
      kind === "teachers"
        ? await withBackoff(() => client.api.courses.teachers.list({ courseId, pageToken }, { retry: false }), options)
        : kind === "students"
          ? await withBackoff(() => client.api.courses.students.list({ courseId, pageToken }, { retry: false }), options)
          : await withBackoff(() => client.api.invitations.list({ courseId, pageToken }, { retry: false }), options);
    const page = response.data as RosterPage;
    pages.push(page);
    token = page.nextPageToken;
  }
  return pages;
}

export interface RemoteRead {
  remote: ClassroomRemoteState;
  /** Users found this run, to keep in export_state (skipped on a dry run). */
  userWrites: StateWrite[];
  /** How many GET calls were made (inside batches counted one by one). */
  reads: number;
}

/**
 * Reads from Classroom only what export_state cannot answer: Google ids of users not looked up before (or whose e-mail
 * changed), courses without export_state (by alias: a crashed run may have made them), and the rosters of courses
 * whose membership hash changed (and of adopted ones).
 */
export async function readRemoteState(
  client: ClassroomClient,
  snapshot: ClassroomSnapshot,
  state: ClassroomState,
  settings: Pick<ClassroomSettings, "aliasPrefix" | "addMembersBy">,
  options: BatchOptions,
): Promise<RemoteRead> {
  let reads = 0;
  const userIds = new Map<string, string>();
  for (const [sourcedId, entry] of state.user) {
    if (snapshot.emails.get(sourcedId) === entry.appliedHash) userIds.set(sourcedId, entry.remoteId);
  }
  const userWrites: StateWrite[] = [];
  const lookups = neededUserLookups(snapshot, state);
  const userItems = [...lookups].map(([sourcedId, email]): Keyed => ({ key: sourcedId, method: "GET", path: `/v1/userProfiles/${encodeURIComponent(email)}` }));
  reads += userItems.length;
  await readAll(client, userItems, options, (sourcedId, result) => {
    if (result.status !== 200) return;
    const id = (result.body as { id: string }).id;
    userIds.set(sourcedId, id);
    userWrites.push({ entity: "user", sourcedId, remoteId: id, appliedHash: lookups.get(sourcedId)!, archived: false });
  });

  const needed = neededRemoteReads(snapshot, state, userIds, settings);
  const adopted = new Map<string, { id: string; archived: boolean }>();
  const courseItems = [...needed.lookups].map(([sourcedId, alias]): Keyed => ({ key: sourcedId, method: "GET", path: `/v1/courses/${encodeURIComponent(alias)}` }));
  reads += courseItems.length;
  await readAll(client, courseItems, options, (sourcedId, result) => {
    const course = result.body as { id?: string; courseState?: string } | null;
    if (result.status === 200 && course?.id) adopted.set(sourcedId, { id: course.id, archived: course.courseState === "ARCHIVED" });
  });
  // An adopted course is compared member by member (unless it is archived: then its members are left as they are).
  for (const [sourcedId, course] of adopted) needed.rosters.set(sourcedId, course.id);

  const kinds: RosterKind[] = settings.addMembersBy === "invitation" ? ["teachers", "students", "invitations"] : ["teachers", "students"];
  const rosterItems = [...needed.rosters].flatMap(([sourcedId, id]) =>
    kinds.map((kind): Keyed => ({
      key: `${kind}\u0000${sourcedId}\u0000${id}`,
      method: "GET",
      path: kind === "invitations" ? `/v1/invitations?courseId=${encodeURIComponent(id)}` : `/v1/courses/${encodeURIComponent(id)}/${kind}`,
    })),
  );
  reads += rosterItems.length;
  const firstPages: Array<{ kind: RosterKind; sourcedId: string; courseId: string; page: RosterPage }> = [];
  await readAll(client, rosterItems, options, (key, result) => {
    const [kind, sourcedId, courseId] = key.split("\u0000") as [RosterKind, string, string];
    firstPages.push({ kind, sourcedId, courseId, page: result.status === 200 ? (result.body as RosterPage) : {} });
  });
  const rosters = new Map<string, RemoteRoster>();
  for (const { kind, sourcedId, courseId, page } of firstPages) {
    let roster = rosters.get(sourcedId);
    if (!roster) rosters.set(sourcedId, (roster = { teachers: [], students: [], invitations: new Map() }));
    const pages = await followPages(client, kind, courseId, page, options);
    reads += pages.length - 1;
    for (const entry of pages) {
      if (kind === "invitations") {
        for (const invitation of entry.invitations ?? []) {
          if (invitation.id && invitation.userId && (invitation.role === "TEACHER" || invitation.role === "STUDENT")) {
            roster.invitations.set(invitation.userId, { id: invitation.id, role: invitation.role });
          }
        }
      } else for (const member of entry[kind] ?? []) if (member.userId) roster[kind].push(member.userId);
    }
  }
  for (const roster of rosters.values()) {
    roster.teachers.sort();
    roster.students.sort();
  }
  return { remote: { state, userIds, adopted, rosters }, userWrites, reads };
}
