import type { CsvFileName } from "../../src/csv/columns.ts";
import type { Logger } from "../../src/log/logger.ts";
import { ENTITY_ORDER, type CanonicalRecords, type Deletion, type EntityName, type Snapshot } from "../../src/model/canonical.ts";
import { checkEnrollments, type EnrollmentsChecked, type EnrollmentTargets } from "./check-enrollments.ts";
import { checkFile, type CheckContext } from "./check-file.ts";
import { countRows } from "./count-rows.ts";
import { startEnrollmentsThread, type EnrollmentsThread } from "./enrollments-thread.ts";
import { emptyEntityIds, notFound, skippedReference, type EntityIds } from "./entity-ids.ts";
import { fileRows, type FileRow } from "./file-rows.ts";
import { readManifest, MANIFEST, type Manifest } from "./manifest.ts";
import { ProblemList, type Problem } from "./problems.ts";
import { MAPPERS } from "./rows/index.ts";
import type { MapOptions, RowReference } from "./rows/mapper.ts";
import { openZip, ZipOpenError, type ZipArchive, type ZipSource } from "./zip-archive.ts";

/** Which of the given sourcedIds the tenant already has (any source, any status): the DB side of reference checks. */
export type KnownSourcedIds = (entity: EntityName, sourcedIds: string[]) => Promise<Set<string>>;

export interface OneRosterCsvReadOptions {
  /** The zip as named in problems about the zip itself (default "zip"). */
  name?: string;
  /** References to rows not in the zip are looked up here; without it they are all dangling. */
  knownSourcedIds?: KnownSourcedIds;
  /** Leave invalid rows out (listed in `problems`) instead of refusing the whole zip. */
  skipInvalid?: boolean;
  /** Keep personnummer-like user identifiers (default: drop them, counted in a notice). */
  personnummer?: "drop" | "store";
  /** Rows read so far, per file, while checking. */
  onProgress?: (progress: { file: CsvFileName; rows: number }) => void;
  logger?: Logger;
  /** An enrollments.csv of at least this many bytes is checked on a thread of its own beside the other files (8 MB). */
  enrollmentsThreadFrom?: number;
}

export interface OneRosterCsvRead {
  /** True when the snapshot may be imported: no problem at all, or only row problems with skipInvalid. */
  ok: boolean;
  /** bulk zip → full, delta zip → delta. */
  mode: "full" | "delta";
  /** Every problem (the first 10 000), sorted by file and line; with skipInvalid and ok, the rows left out. */
  problems: Problem[];
  problemCount: number;
  notices: string[];
  /** Records the snapshot yields, per entity. */
  rows: Record<EntityName, number>;
  /** Entities a bulk zip leaves out (file.x=absent, allowed for demographics only): the caller keeps them as stored. */
  keep: EntityName[];
  snapshot: Snapshot;
  deletions: Deletion[];
  /** Closes the zip; call it after the snapshot has been read. */
  close(): void;
}

/** Files a bulk zip must have: leaving one out would make a full import remove all of that entity. */
const REQUIRED_IN_BULK: readonly EntityName[] = ["orgs", "academicSessions", "courses", "classes", "users", "enrollments"];
const GRADEBOOK_FILES: readonly CsvFileName[] = ["categories", "lineItems", "results", "resources", "classResources", "courseResources"];
/** Entities held in memory while references are checked; enrollments are read twice instead (see README). */
const HELD = ENTITY_ORDER.filter((e) => e !== "enrollments");
/** Below this, starting a thread costs more than checking enrollments.csv beside the other files saves. */
const ENROLLMENTS_THREAD_FROM = 8 * 1024 * 1024;

interface HeldRow {
  line: number;
  record: CanonicalRecords[EntityName];
  references: RowReference[];
}

const emptyRows = () => Object.fromEntries(ENTITY_ORDER.map((e) => [e, 0])) as Record<EntityName, number>;

/**
 * Reads and checks a OneRoster 1.1 CSV zip (see README.md): every row of every roster file, references within the
 * zip and (through `knownSourcedIds`) to the tenant. It never touches the database. When `ok`, `snapshot` and
 * `deletions` are what runSync takes; enrollments are streamed from the zip a second time as the snapshot is read.
 */
export async function readOneRosterCsvZip(source: ZipSource, options: OneRosterCsvReadOptions = {}): Promise<OneRosterCsvRead> {
  const problems = new ProblemList();
  const notices: string[] = [];
  const failed = (): OneRosterCsvRead => ({
    ok: false,
    mode: "delta",
    problems: sortProblems(problems.list),
    problemCount: problems.count,
    notices,
    rows: emptyRows(),
    keep: [],
    snapshot: {},
    deletions: [],
    close: () => zip?.close(),
  });
  let zip: ZipArchive | undefined;
  let thread: EnrollmentsThread | undefined;
  try {
    zip = await openZip(source);
  } catch (error) {
    if (!(error instanceof ZipOpenError)) throw error;
    problems.add({ file: options.name ?? "zip", line: 0, column: "(zip)", why: `not a readable zip file: ${error.message}` }, true);
    return failed();
  }
  try {
    const manifest = await readManifest(zip, problems, notices);
    if (!manifest) return failed();
    const mode = modeOf(manifest, problems);
    if (!mode) return failed();
    const delta = mode === "delta";

    const mapOptions: MapOptions = { personnummer: options.personnummer ?? "drop", personnummerDropped: {} };
    const ids = Object.fromEntries(ENTITY_ORDER.map((e) => [e, emptyEntityIds()])) as Record<EntityName, EntityIds>;
    const held = new Map<EntityName, HeldRow[]>();
    const deletions: Deletion[] = [];
    const leftOutInBulk: Partial<Record<EntityName, number>> = {};
    const context: CheckContext = { zip, delta, problems, notices, mapOptions, deletions, leftOutInBulk, onProgress: options.onProgress, logger: options.logger };

    const withEnrollments = manifest.modes.enrollments !== "absent";
    if (withEnrollments && zip.size("enrollments.csv") >= (options.enrollmentsThreadFrom ?? ENROLLMENTS_THREAD_FROM)) {
      thread = startEnrollmentsThread(
        { source, delta, skipInvalid: options.skipInvalid ?? false, personnummer: mapOptions.personnummer },
        (rows) => options.onProgress?.({ file: "enrollments", rows }),
      );
    }

    // Pass 1: the entities other records refer to, held in memory.
    for (const entity of HELD) {
      if (manifest.modes[entity] === "absent") continue;
      const rows: HeldRow[] = [];
      held.set(entity, rows);
      await checkFile(context, entity, ids[entity], (line, record) => rows.push({ line, record, references: MAPPERS[entity].references(record as never) }));
    }
    await checkHeldReferences(held, ids, problems, options);

    // Pass 1 of enrollments (here, or on its thread since the start): only their sourcedIds and the lines to leave
    // out are kept.
    let enrollments: EnrollmentsChecked | undefined;
    if (withEnrollments) {
      const targets: EnrollmentTargets = { classes: ids.classes, orgs: ids.orgs, users: ids.users };
      if (thread) {
        thread.judgeAgainst(targets);
        enrollments = await takeFindings(thread, context);
      } else {
        enrollments = await checkEnrollments(context, targets, options.skipInvalid ?? false);
      }
      for (const [entity, byId] of enrollments.dangling) {
        const known = await lookUp(options.knownSourcedIds, entity, [...byId.keys()]);
        for (const [sourcedId, places] of byId) {
          if (known.has(sourcedId)) continue;
          for (const { line, column } of places) {
            problems.add({ file: "enrollments.csv", line, column, why: notFound(entity, sourcedId) });
            if (enrollments.skipped.has(line)) continue;
            enrollments.skipped.add(line);
            enrollments.accepted--;
          }
        }
      }
    }

    for (const file of GRADEBOOK_FILES) {
      if (manifest.modes[file] === "absent") continue;
      const rows = await countRows(zip, file);
      if (rows > 0) notices.push(`${file}.csv: ${rows} row${rows === 1 ? "" : "s"} not imported: the sync engine imports roster data only`);
    }
    for (const [entity, n] of Object.entries(leftOutInBulk)) {
      notices.push(`${entity}.csv: ${n} row(s) with status tobedeleted left out of the bulk import, so they are removed if stored`);
    }
    const dropped = Object.entries(mapOptions.personnummerDropped);
    if (dropped.length > 0) {
      const total = dropped.reduce((sum, [, n]) => sum + n, 0);
      notices.push(`users.csv: ${total} personnummer-like value(s) left out (${dropped.map(([c, n]) => `${c} ${n}`).join(", ")}); --personnummer store keeps them`);
    }

    const ok = problems.fatal === 0 && (problems.count === 0 || options.skipInvalid === true);
    const rows = emptyRows();
    const snapshot: Snapshot = {};
    for (const [entity, list] of held) {
      const records = list.filter((h) => !ids[entity].invalid.has(h.record.sourcedId)).map((h) => h.record);
      rows[entity] = records.length;
      (snapshot as Record<string, unknown>)[entity] = letGo(records);
    }
    if (enrollments) {
      rows.enrollments = enrollments.accepted;
      snapshot.enrollments = enrollmentRecords(zip, delta, enrollments.skipped, mapOptions);
    }
    // The checks are done: their maps of every sourcedId must not outlive them (the closures of this call, `close`
    // among them, keep this scope alive for the whole run).
    for (const entity of ENTITY_ORDER) ids[entity] = { ...emptyEntityIds(), unreadable: ids[entity].unreadable };
    const keep = delta ? [] : HELD.filter((e) => manifest.modes[e] === "absent");
    return {
      ok,
      mode,
      problems: sortProblems(problems.list),
      problemCount: problems.count,
      notices,
      rows,
      keep,
      snapshot: ok ? snapshot : {},
      deletions: ok ? deletions : [],
      close: () => zip.close(),
    };
  } catch (error) {
    // Whatever went wrong (a failing lookup, a bug), the zip's file handle is not left open, nor a thread running.
    thread?.stop();
    zip.close();
    throw error;
  }
}

/** The thread's findings, with its problems, notices and deletions added to this check's. */
async function takeFindings(thread: EnrollmentsThread, context: CheckContext): Promise<EnrollmentsChecked> {
  const findings = await thread.findings;
  context.problems.merge(findings.problems);
  context.notices.push(...findings.notices);
  context.deletions.push(...findings.deletions);
  for (const [entity, n] of Object.entries(findings.leftOutInBulk)) {
    context.leftOutInBulk[entity as EntityName] = (context.leftOutInBulk[entity as EntityName] ?? 0) + n;
  }
  context.logger?.debug({ file: "enrollments.csv", problems: findings.problems.count }, "OneRoster CSV file checked");
  return findings.checked;
}

/** bulk → full, delta → delta; a zip mixing the two for roster files, or a bulk one without a required file, is refused. */
function modeOf(manifest: Manifest, problems: ProblemList): "full" | "delta" | null {
  const present = ENTITY_ORDER.filter((e) => manifest.modes[e] !== "absent");
  const first = present[0];
  if (!first) return "delta";
  const mixed = present.find((e) => manifest.modes[e] !== manifest.modes[first]);
  if (mixed) {
    problems.add({
      file: MANIFEST,
      line: manifest.lines[mixed],
      column: `file.${mixed}`,
      why: `${manifest.modes[mixed]}, but file.${first} (line ${manifest.lines[first]}) is ${manifest.modes[first]}; the roster files of a zip must be all bulk or all delta`,
    }, true);
    return null;
  }
  if (manifest.modes[first] === "delta") return "delta";
  const missing = REQUIRED_IN_BULK.filter((e) => manifest.modes[e] === "absent");
  for (const entity of missing) {
    problems.add({
      file: MANIFEST,
      line: manifest.lines[entity],
      column: `file.${entity}`,
      why: `absent in a bulk zip; a bulk import replaces the whole roster, so ${entity}.csv must be there (a header alone if there are none)`,
    }, true);
  }
  return missing.length > 0 ? null : "full";
}

async function lookUp(known: KnownSourcedIds | undefined, entity: EntityName, sourcedIds: string[]): Promise<Set<string>> {
  return known && sourcedIds.length > 0 ? known(entity, sourcedIds) : new Set();
}

/**
 * References of the held entities: to a row of the zip, or (looked up once per entity) to one the tenant has. A
 * dangling one is a problem of the referring row. With skipInvalid, a row referring to a skipped row is skipped too,
 * until nothing changes (an org whose parent is skipped, then that org's classes …).
 */
async function checkHeldReferences(
  held: Map<EntityName, HeldRow[]>,
  ids: Record<EntityName, EntityIds>,
  problems: ProblemList,
  options: OneRosterCsvReadOptions,
): Promise<void> {
  const dangling = new Map<EntityName, Map<string, { entity: EntityName; row: HeldRow; ref: RowReference }[]>>();
  for (const [entity, rows] of held) {
    for (const row of rows) {
      for (const ref of row.references) {
        const target = ids[ref.entity];
        if (target.unreadable || target.invalid.has(ref.sourcedId)) continue;
        if (target.seen.has(ref.sourcedId) && !target.deleted.has(ref.sourcedId)) continue;
        const byId = dangling.get(ref.entity) ?? new Map();
        dangling.set(ref.entity, byId);
        const places = byId.get(ref.sourcedId) ?? [];
        byId.set(ref.sourcedId, places);
        places.push({ entity, row, ref });
      }
    }
  }
  for (const [target, byId] of dangling) {
    const known = await lookUp(options.knownSourcedIds, target, [...byId.keys()]);
    for (const [sourcedId, places] of byId) {
      if (known.has(sourcedId)) continue;
      for (const { entity, row, ref } of places) {
        problems.add({ file: `${entity}.csv`, line: row.line, column: ref.column, why: notFound(target, sourcedId) });
        ids[entity].invalid.add(row.record.sourcedId);
      }
    }
  }
  if (!options.skipInvalid) return;
  let changed = true;
  while (changed) {
    changed = false;
    for (const [entity, rows] of held) {
      for (const row of rows) {
        if (ids[entity].invalid.has(row.record.sourcedId)) continue;
        const broken = row.references.find((ref) => ids[ref.entity].invalid.has(ref.sourcedId));
        if (!broken) continue;
        problems.add(skippedReference(entity, row.line, broken, ids[broken.entity]));
        ids[entity].invalid.add(row.record.sourcedId);
        changed = true;
      }
    }
  }
}

/**
 * Records handed over one at a time, each let go as it is: the engine reads a snapshot once, and the records of a
 * large zip's users need not outlive their writing.
 */
function* letGo<T>(records: T[]): Generator<T> {
  for (let i = 0; i < records.length; i++) {
    const record = records[i]!;
    records[i] = undefined as T;
    yield record;
  }
}

/** Pass 2 of enrollments: the same rows again, now as records, without the lines pass 1 found wanting. */
async function* enrollmentRecords(
  zip: ZipArchive,
  delta: boolean,
  skipped: ReadonlySet<number>,
  mapOptions: MapOptions,
): AsyncGenerator<CanonicalRecords["enrollments"]> {
  const scratch = new ProblemList(0);
  const hooks = { onHeader: () => {}, onBom: () => {} };
  const ready: CanonicalRecords["enrollments"][] = [];
  const onRow = ({ row, sourcedId, status }: FileRow) => {
    if (!row.ok || status === "tobedeleted" || skipped.has(row.line)) return;
    const record = MAPPERS.enrollments.toRecord(row, sourcedId, mapOptions);
    if (row.ok) ready.push(record);
  };
  for await (const _ of fileRows(zip, "enrollments", delta, scratch, hooks, onRow)) {
    yield* ready.splice(0);
  }
}

const FILE_ORDER = [MANIFEST, ...ENTITY_ORDER.map((e) => `${e}.csv`)];

function sortProblems(list: Problem[]): Problem[] {
  const rank = (file: string) => {
    const i = FILE_ORDER.indexOf(file);
    return i === -1 ? FILE_ORDER.length : i;
  };
  return [...list].sort((a, b) => rank(a.file) - rank(b.file) || a.file.localeCompare(b.file) || a.line - b.line);
}
