import type { ExportContext, ExportOutcome, ExportWarning } from "../contract.ts";
import { errorMessage, errorStatus, sendBatches, withBackoff, type BatchItem, type BatchOptions, type BatchResult } from "./batch.ts";
import type { ClassroomClient } from "./client.ts";
import type { StateWrite } from "./export-state.ts";
import type { ClassroomPlan, CourseChange } from "./plan.ts";
import type { ClassroomSettings } from "./settings.ts";

export class ClassroomApplyError extends Error {}

export interface ApplyDependencies {
  settings: Pick<ClassroomSettings, "addMembersBy">;
  batch: BatchOptions;
  /** Persists export_state; called after every batch so a crash loses at most the batch in flight. */
  record: (writes: StateWrite[]) => Promise<void>;
}

type Counter = Record<string, Record<string, number>>;

function count(counts: Counter, entity: string, action: string, by = 1): void {
  const entry = (counts[entity] ??= {});
  entry[action] = (entry[action] ?? 0) + by;
}

const isOk = (result: BatchResult) => result.status >= 200 && result.status < 300;

/** A failure that says the target (or our access to it) is broken, not one call: stop the run. */
const isFatal = (result: BatchResult) => result.status === 0 || result.status >= 500 || result.status === 401 || result.status === 403;

type Step = "unarchive" | "patch" | "archive" | "teacherAdd" | "studentAdd" | "teacherRemove" | "studentRemove" | "invitationDelete";

interface StepItem extends BatchItem {
  change: CourseChange;
  step: Step;
}

const COURSE_STEPS = new Set<Step>(["unarchive", "patch", "archive"]);

/**
 * Applies a plan in batches of ≤ 50, recording export_state as each batch returns: creates (with the alias), then
 * unarchives, adds, patches (a new owner must be a teacher first), removes (the old owner no longer is one) and
 * archives. Idempotent: a rerun after a crash finds made courses by alias and applies only what is still missing.
 */
export async function applyClassroomPlan(plan: ClassroomPlan, client: ClassroomClient, context: ExportContext, deps: ApplyDependencies): Promise<ExportOutcome> {
  const counts: Counter = {};
  const warnings: ExportWarning[] = [...plan.warnings];
  const fatal: string[] = [];
  const remoteIds = new Map<string, string>();
  const failed = new Set<string>();
  const fail = (change: CourseChange, what: string, result: BatchResult) => {
    failed.add(change.sourcedId);
    const why = `${what}: Classroom answered ${errorMessage(result)}`;
    if (isFatal(result)) fatal.push(`class ${change.sourcedId}: ${why}`);
    else warnings.push({ entity: "classes", sourcedId: change.sourcedId, why });
  };
  const stopIfFatal = () => {
    if (fatal.length > 0) throw new ClassroomApplyError(`Classroom export stopped: ${fatal[0]}${fatal.length > 1 ? ` (and ${fatal.length - 1} more)` : ""}`);
  };
  const progress = (step: string, done: number, total: number) => context.onProgress?.({ step, done, total });

  // 1. Courses that do not exist yet, each with its alias as the idempotency key; ids are recorded at once.
  const creates = plan.changes.filter((change) => change.create !== null);
  let done = 0;
  const skipMembers = new Set<string>();
  await sendBatches(
    client,
    creates.map((change) => ({ change, method: "POST" as const, path: "/v1/courses", body: change.create })),
    deps.batch,
    async (results) => {
      const writes: StateWrite[] = [];
      for (const { item, result } of results) {
        const { change } = item;
        if (isOk(result)) {
          const id = (result.body as { id: string }).id;
          remoteIds.set(change.sourcedId, id);
          writes.push({ entity: "course", sourcedId: change.sourcedId, remoteId: id, appliedHash: change.record.course!.propertiesHash, archived: false });
          count(counts, "courses", "created");
        } else if (errorStatus(result) === "ALREADY_EXISTS") {
          // Made meanwhile (by a run that crashed before recording it, or a race): take it by its alias. Its
          // properties and members are compared the next night (nothing recorded for them now).
          const found = await withBackoff(() => client.api.courses.get({ id: change.alias }, { retry: false }), deps.batch);
          const id = found.data.id!;
          remoteIds.set(change.sourcedId, id);
          skipMembers.add(change.sourcedId);
          writes.push({ entity: "course", sourcedId: change.sourcedId, remoteId: id, appliedHash: "", archived: found.data.courseState === "ARCHIVED" });
          count(counts, "courses", "found");
        } else fail(change, "create", result);
      }
      await deps.record(writes);
      progress("courses", (done += results.length), creates.length);
      stopIfFatal();
    },
  );
  for (const change of plan.changes) if (change.remoteId !== null) remoteIds.set(change.sourcedId, change.remoteId);

  // 2. Every other call, in phases; a course's export_state is recorded when its last call of that kind is done.
  const courseLeft = new Map<string, number>();
  const membersLeft = new Map<string, number>();
  const phases: StepItem[][] = [[], [], [], [], []];
  const readyWrites: StateWrite[] = [];
  const invite = deps.settings.addMembersBy === "invitation";
  for (const change of plan.changes) {
    const id = remoteIds.get(change.sourcedId);
    if (id === undefined || failed.has(change.sourcedId) || skipMembers.has(change.sourcedId)) continue;
    const course = `/v1/courses/${encodeURIComponent(id)}`;
    const item = (step: Step, method: BatchItem["method"], path: string, body?: unknown): StepItem => ({ change, step, method, path, ...(body !== undefined ? { body } : {}) });
    const add = (step: "teacherAdd" | "studentAdd", userId: string) =>
      invite
        ? item(step, "POST", "/v1/invitations", { userId, courseId: id, role: step === "teacherAdd" ? "TEACHER" : "STUDENT" })
        : item(step, "POST", `${course}/${step === "teacherAdd" ? "teachers" : "students"}`, { userId });
    const mine: StepItem[][] = [
      change.state === "unarchive" ? [item("unarchive", "PATCH", `${course}?updateMask=courseState`, { courseState: "ACTIVE" })] : [],
      [...change.teacherAdds.map((user) => add("teacherAdd", user)), ...change.studentAdds.map((user) => add("studentAdd", user))],
      change.patch ? [item("patch", "PATCH", `${course}?updateMask=${Object.keys(change.patch).join(",")}`, change.patch)] : [],
      [
        ...change.studentRemoves.map((user) => item("studentRemove", "DELETE", `${course}/students/${encodeURIComponent(user)}`)),
        ...change.teacherRemoves.map((user) => item("teacherRemove", "DELETE", `${course}/teachers/${encodeURIComponent(user)}`)),
        ...change.invitationDeletes.map((invitation) => item("invitationDelete", "DELETE", `/v1/invitations/${encodeURIComponent(invitation)}`)),
      ],
      change.state === "archive" ? [item("archive", "PATCH", `${course}?updateMask=courseState`, { courseState: "ARCHIVED" })] : [],
    ];
    const all = mine.flat();
    const courseCalls = all.filter((call) => COURSE_STEPS.has(call.step)).length;
    courseLeft.set(change.sourcedId, courseCalls);
    membersLeft.set(change.sourcedId, all.length - courseCalls);
    if (change.create === null && courseCalls === 0 && change.record.course) readyWrites.push(courseWrite(change, id));
    if (all.length - courseCalls === 0 && change.record.membershipHash !== null) readyWrites.push(membersWrite(change, id));
    mine.forEach((calls, phase) => phases[phase]!.push(...calls));
  }
  await deps.record(readyWrites);

  const total = phases.reduce((sum, calls) => sum + calls.length, 0);
  done = 0;
  for (const calls of phases) {
    await sendBatches(client, calls, deps.batch, async (results) => {
      const writes: StateWrite[] = [];
      for (const { item, result } of results) {
        const { change, step } = item;
        const ok =
          isOk(result) ||
          (step.endsWith("Add") && errorStatus(result) === "ALREADY_EXISTS") ||
          ((step.endsWith("Remove") || step === "invitationDelete") && errorStatus(result) === "NOT_FOUND");
        if (ok) countStep(counts, step, invite);
        else fail(change, `${item.method} ${item.path}`, result);
        const id = remoteIds.get(change.sourcedId)!;
        const left = COURSE_STEPS.has(step) ? courseLeft : membersLeft;
        const remaining = left.get(change.sourcedId)! - 1;
        left.set(change.sourcedId, remaining);
        if (remaining > 0 || failed.has(change.sourcedId)) continue;
        if (COURSE_STEPS.has(step) && change.record.course) writes.push(courseWrite(change, id));
        if (!COURSE_STEPS.has(step) && change.record.membershipHash !== null) writes.push(membersWrite(change, id));
      }
      await deps.record(writes);
      progress("courses and rosters", (done += results.length), total);
      stopIfFatal();
    });
  }
  stopIfFatal();
  return { counts, warnings };
}

function courseWrite(change: CourseChange, id: string): StateWrite {
  return { entity: "course", sourcedId: change.sourcedId, remoteId: id, appliedHash: change.record.course!.propertiesHash, archived: change.record.course!.archived };
}

function membersWrite(change: CourseChange, id: string): StateWrite {
  return { entity: "course-members", sourcedId: change.sourcedId, remoteId: id, appliedHash: change.record.membershipHash!, archived: false };
}

function countStep(counts: Counter, step: Step, invite: boolean): void {
  switch (step) {
    case "unarchive":
      return count(counts, "courses", "unarchived");
    case "archive":
      return count(counts, "courses", "archived");
    case "patch":
      return count(counts, "courses", "updated");
    case "teacherAdd":
      return count(counts, "teachers", invite ? "invited" : "added");
    case "studentAdd":
      return count(counts, "students", invite ? "invited" : "added");
    case "teacherRemove":
      return count(counts, "teachers", "removed");
    case "studentRemove":
      return count(counts, "students", "removed");
    case "invitationDelete":
      return count(counts, "invitations", "deleted");
  }
}
