import type { Logger } from "../../src/log/logger.ts";
import type { Deletion, Org, Snapshot } from "../../src/model/canonical.ts";
import type { SyncWarning } from "../../src/sync/types.ts";
import { Calendar } from "./calendar.ts";
import { ClassBuilder } from "./classes.ts";
import { Ss12000Client } from "./client.ts";
import { loadDelta } from "./delta.ts";
import { SourceFilter, listedActivityIds } from "./filters.ts";
import { loadPersons, loadStructure, type LoadProgress } from "./load.ts";
import { identityNotes, importNotes } from "./notes.ts";
import { identityKeyOf } from "./identity-keys.ts";
import type { IdentityIndex } from "../identity-csv/identity-index.ts";
import type { IdentityCsvSettings } from "../identity-csv/settings.ts";
import type { Person } from "./types.ts";
import { orgRecords } from "./orgs.ts";
import { PeopleBuilder } from "./people.ts";
import type { Ss12000Settings } from "./settings.ts";
import { emptySourceData, type SourceData } from "./source-data.ts";

export interface Ss12000ImportContext {
  tenantId: string;
  sourceId: string;
  /** YYYY-MM-DD: what "current" means for enrolments, duties and memberships. */
  today: string;
  logger?: Logger;
  env?: NodeJS.ProcessEnv;
  onProgress?: LoadProgress;
  /** A client of one's own (tests count its requests); by default one is made from the settings. */
  client?: Ss12000Client;
  /** A second source of e-mail and username (e.g. an Active Directory export), read beforehand. */
  identity?: { index: IdentityIndex; settings: IdentityCsvSettings };
}

/** What a read of the source gives the sync engine. */
export interface Ss12000Read {
  mode: "full" | "delta";
  snapshot: Snapshot;
  deletions?: AsyncIterable<Deletion>;
  completeEnrollmentsOf?: () => Iterable<string>;
  notes: () => SyncWarning[];
}

/** Homeroom classes come from groups of these types. */
const HOMEROOM_GROUP_TYPES = ["Klass"];

interface Mapped {
  orgs: Org[];
  people: PeopleBuilder;
  classes: ClassBuilder;
  deletions: Deletion[];
  filter: SourceFilter;
}

/**
 * A full read: every organisation, syllabus, duty, placement, group and activity, then every person. The source is
 * read when the sync engine asks for the first record, and completely before it gets one, so a source that fails
 * half-way fails the run (recorded as such) with nothing applied.
 */
export function readSs12000Full(settings: Ss12000Settings, context: Ss12000ImportContext): Ss12000Read {
  const mapped = once(async (): Promise<Mapped> => {
    const client = clientOf(settings, context);
    const onProgress = context.onProgress ?? (() => {});
    const data = emptySourceData();
    await loadStructure(client, data, onProgress);
    const filter = await filtered(settings, context, data);
    const { people, ...rest } = mapStructure(settings, context, data, false);
    await loadPersons(client, filter.persons(people), onProgress);
    data.strings.release();
    return { ...rest, people, classes: classBuilder(settings, context, data, people, rest), deletions: [], filter };
  });
  return toRead("full", mapped, context.identity?.index);
}

/**
 * A delta read of what changed after `since` (an RFC 3339 time, normally shortly before the last successful run
 * began): changed objects and those a change touches, re-derived in full, plus /deletedEntities as deletions.
 */
export function readSs12000Delta(settings: Ss12000Settings, context: Ss12000ImportContext & { since: string }): Ss12000Read {
  const mapped = once(async (): Promise<Mapped> => {
    const data = emptySourceData();
    const { persons, deletions } = await loadDelta(clientOf(settings, context), data, context.since, context.onProgress ?? (() => {}));
    const filter = await filtered(settings, context, data);
    const { people, ...rest } = mapStructure(settings, context, data, true);
    for (const person of persons) people.add(filter.person(person));
    data.strings.release();
    // Groups and activities the filters leave out lose their class, if one was stored before.
    for (const id of filter.leftOut) deletions.push({ entity: "classes", sourcedId: id, ifPresent: true });
    return { ...rest, people, classes: classBuilder(settings, context, data, people, rest), deletions, filter };
  });
  return toRead("delta", mapped, context.identity?.index);
}

function clientOf(settings: Ss12000Settings, context: Ss12000ImportContext): Ss12000Client {
  return context.client ?? new Ss12000Client(settings, { ...(context.env ? { env: context.env } : {}), ...(context.logger ? { logger: context.logger } : {}) });
}

/** Applies the setup's filters to what was read (reading the list of selected activities first, if one is used). */
async function filtered(settings: Ss12000Settings, context: Ss12000ImportContext, data: SourceData): Promise<SourceFilter> {
  const filter = new SourceFilter(settings.filters, context.today);
  const listedAt = settings.filters.activitiesListedAt;
  const listed = listedAt === undefined ? undefined : await listedActivityIds(clientOf({ ...settings, url: listedAt }, { ...context, client: undefined }));
  filter.apply(data, listed);
  return filter;
}

function mapStructure(settings: Ss12000Settings, context: Ss12000ImportContext, data: SourceData, partial: boolean) {
  const { orgs, districtId } = orgRecords(data.orgs.values(), context.today);
  const orgNames = new Map(orgs.map((o) => [o.sourcedId, o.name]));
  const { identity } = context;
  const enrichment = identity ? { find: (person: Person) => identity.index.find(identityKeyOf(person, identity.index, identity.settings)) } : undefined;
  const people = new PeopleBuilder(data, settings, context.today, new Set(orgNames.keys()), partial, enrichment);
  return { orgs, districtId, orgNames, people };
}

function classBuilder(
  settings: Ss12000Settings,
  context: Ss12000ImportContext,
  data: SourceData,
  people: PeopleBuilder,
  { districtId, orgNames }: { districtId: string | undefined; orgNames: Map<string, string> },
): ClassBuilder {
  return new ClassBuilder(data, people, {
    tenantId: context.tenantId,
    sourceId: context.sourceId,
    today: context.today,
    calendar: new Calendar(settings.terms),
    orgNames,
    districtId,
    homeroomGroupTypes: settings.filters.homerooms ? HOMEROOM_GROUP_TYPES : [],
  });
}

function toRead(mode: "full" | "delta", mapped: () => Promise<Mapped>, identity: IdentityIndex | undefined): Ss12000Read {
  let done: Mapped | undefined;
  const ready = async () => (done = await mapped());
  const entity = <T>(pick: (m: Mapped) => Iterable<T>): AsyncIterable<T> => ({
    async *[Symbol.asyncIterator]() {
      yield* pick(await ready());
    },
  });
  return {
    mode,
    snapshot: {
      orgs: entity((m) => m.orgs),
      academicSessions: entity((m) => m.classes.sessions()),
      courses: entity((m) => m.classes.courses()),
      classes: entity((m) => m.classes.classRecords()),
      users: entity((m) => m.people.users()),
      demographics: entity((m) => m.people.demographics()),
      enrollments: entity((m) => m.classes.enrollments()),
    },
    ...(mode === "delta"
      ? {
          // Persons read but not users (protected, ended, out of scope) go, if they were stored before.
          deletions: entity((m) => [...m.deletions, ...[...m.people.excluded].map((id): Deletion => ({ entity: "users", sourcedId: id, ifPresent: true }))]),
          completeEnrollmentsOf: () => done?.classes.classIds() ?? [],
        }
      : {}),
    notes: () => [...(done ? [...importNotes(done.people.counts, done.classes.counts), ...done.filter.notes()] : []), ...(identity ? identityNotes(identity) : [])],
  };
}

/** Runs `make` on the first call only; later calls share its promise. */
function once<T>(make: () => Promise<T>): () => Promise<T> {
  let promise: Promise<T> | undefined;
  return () => (promise ??= make());
}
