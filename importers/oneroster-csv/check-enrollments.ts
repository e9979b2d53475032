import type { CanonicalRecords, EntityName } from "../../src/model/canonical.ts";
import { checkFile, type CheckContext } from "./check-file.ts";
import { emptyEntityIds, skippedReference, type EntityIds } from "./entity-ids.ts";
import { MAPPERS } from "./rows/index.ts";
import type { RowReference } from "./rows/mapper.ts";

/** The entities an enrollment names, as the check of their files (and of their references) left them. */
export type EnrollmentTargets = Record<"classes" | "orgs" | "users", EntityIds>;

export interface Place {
  line: number;
  column: string;
}

export interface EnrollmentsChecked {
  /** Lines the snapshot leaves out: invalid, repeated, or naming a row that is itself left out. */
  skipped: Set<number>;
  /** References to rows that are not in the zip, by entity and sourcedId: the tenant may have them. */
  dangling: Map<EntityName, Map<string, Place[]>>;
  /** Rows the snapshot yields, as far as the zip alone can tell (dangling references not yet judged). */
  accepted: number;
}

/**
 * Pass 1 of enrollments.csv: every row checked as it streams by, keeping only sourcedIds and the lines to leave out.
 * References are judged against `targets`; until they are known (another thread may still be checking their files)
 * the references read so far wait, each sourcedId kept once.
 */
export async function checkEnrollments(
  context: CheckContext,
  targets: EnrollmentTargets | Promise<EnrollmentTargets>,
  skipInvalid: boolean,
): Promise<EnrollmentsChecked> {
  const ids = emptyEntityIds();
  const skipped = new Set<number>();
  const dangling = new Map<EntityName, Map<string, Place[]>>();
  let known: EnrollmentTargets | undefined;
  const waitingLines: number[] = [];
  const waitingRefs: RowReference[] = [];
  const sharedRefs = new Map<string, Map<string, RowReference>>();

  const judge = (line: number, ref: RowReference) => {
    const target = known![ref.entity as keyof EnrollmentTargets];
    if (target.unreadable) return;
    if (target.invalid.has(ref.sourcedId)) {
      if (skipInvalid) {
        context.problems.add(skippedReference("enrollments", line, ref, target));
        skipped.add(line);
      }
      return;
    }
    if (target.seen.has(ref.sourcedId) && !target.deleted.has(ref.sourcedId)) return;
    const byId = dangling.get(ref.entity) ?? new Map<string, Place[]>();
    dangling.set(ref.entity, byId);
    const places = byId.get(ref.sourcedId);
    if (places) places.push({ line, column: ref.column });
    else byId.set(ref.sourcedId, [{ line, column: ref.column }]);
  };
  const wait = (line: number, ref: RowReference) => {
    const byColumn = sharedRefs.get(ref.column) ?? new Map<string, RowReference>();
    sharedRefs.set(ref.column, byColumn);
    const shared = byColumn.get(ref.sourcedId);
    if (shared === undefined) byColumn.set(ref.sourcedId, ref);
    waitingLines.push(line);
    waitingRefs.push(shared ?? ref);
  };
  const judgeWaiting = () => {
    for (let i = 0; i < waitingLines.length; i++) judge(waitingLines[i]!, waitingRefs[i]!);
    waitingLines.length = 0;
    waitingRefs.length = 0;
    sharedRefs.clear();
  };
  void Promise.resolve(targets).then(
    (resolved) => {
      known = resolved;
      judgeWaiting();
    },
    () => {},
  );

  await checkFile(
    context,
    "enrollments",
    ids,
    (line, record) => {
      for (const ref of MAPPERS.enrollments.references(record as CanonicalRecords["enrollments"])) {
        if (known) judge(line, ref);
        else wait(line, ref);
      }
    },
    (line) => skipped.add(line),
  );
  known = await targets;
  judgeWaiting();
  let accepted = -ids.deleted.size;
  for (const line of ids.seen.values()) if (!skipped.has(line)) accepted++;
  return { skipped, dangling, accepted };
}
