import type { Logger } from "../../src/log/logger.ts";
import type { Deletion, Snapshot } from "../../src/model/canonical.ts";
import type { SyncWarning } from "../../src/sync/types.ts";
import { ImsFileError } from "./errors.ts";
import { mapImsSource, type ImsBaseline } from "./mapping.ts";
import { importNotes } from "./notes.ts";
import { personnelStaff } from "./personnel.ts";
import { ImsRecordReader } from "./records.ts";
import type { ImsMappingSettings } from "./settings.ts";
import { ImsSource } from "./source-model.ts";
import { readXmlRecords } from "./xml-records.ts";

/**
 * tieto: Edlevo's Organization API (IMS Enterprise 1.1 in its namespace, with Tieto's extensions) and Personnel API.
 * plain: IMS Enterprise 1.1 as Alvis and IST Extens export it (numeric role types, idtype attribute).
 */
export type ImsDialect = "tieto" | "plain";

/** One file to read: an organization (IMS) file or, for Edlevo, a Personnel API file. */
export interface ImsInput {
  /** Path or URL, as errors name the file. */
  name: string;
  kind: "organization" | "personnel";
  open: () => AsyncIterable<Buffer | string> | Promise<AsyncIterable<Buffer | string>>;
}

const TIETO_ORGANIZATION = "http://open.tieto.com/edu/organization/";
const TIETO_PERSONNEL = "http://open.tieto.com/edu/personnel/";

export interface ImsLoaded {
  source: ImsSource;
  /** Tieto DeltaOrganization files: only changes, with recstatus and complete memberships. */
  delta: boolean;
}

/**
 * Streams every input into one ImsSource (no whole-file DOM; a record at a time). A broken file throws an
 * ImsFileError (file:line: XPath: why) before anything reaches the sync engine, so nothing changes.
 */
export async function loadImsInputs(
  inputs: readonly ImsInput[],
  dialect: ImsDialect,
  settings: ImsMappingSettings,
  options: { today: string; logger?: Logger | undefined; onRecord?: (records: number) => void },
): Promise<ImsLoaded> {
  const source = new ImsSource();
  const types = new Set<string>();
  for (const input of inputs) {
    const reader = new ImsRecordReader(input.name);
    const personnel = input.kind === "personnel";
    const records = readXmlRecords(await input.open(), {
      file: input.name,
      encoding: settings.encoding,
      roots: [personnel ? "personnel" : "enterprise"],
      onRoot: (_name, namespace) => checkNamespace(input, dialect, namespace),
    });
    for await (const element of records) {
      if (personnel) {
        if (element.name !== "person") continue;
        const read = personnelStaff(element, input.name, options.today);
        if (read) source.addStaff(read.staff, read.protectedIdentity);
      } else if (element.name === "person") source.addPerson(reader.person(element));
      else if (element.name === "group") source.addGroup(reader.group(element));
      else if (element.name === "membership") source.addMembership(reader.membership(element));
      else if (element.name === "properties") {
        source.properties = reader.properties(element);
        if (source.properties.type) types.add(source.properties.type);
      }
      options.onRecord?.(source.records);
    }
    options.logger?.info({ file: input.name, records: source.records }, "IMS Enterprise file read");
  }
  const delta = dialect === "tieto" && types.has("DeltaOrganization");
  if (delta && types.size > 1) {
    throw new ImsFileError(inputs.map((i) => i.name).join(", "), undefined, "/enterprise/properties/type", `complete and delta files cannot be read together (${[...types].sort().join(", ")})`);
  }
  return { source, delta };
}

function checkNamespace(input: ImsInput, dialect: ImsDialect, namespace: string): void {
  if (dialect !== "tieto") return;
  const expected = input.kind === "personnel" ? TIETO_PERSONNEL : TIETO_ORGANIZATION;
  if (!namespace.startsWith(expected)) {
    throw new ImsFileError(input.name, 1, input.kind === "personnel" ? "/personnel" : "/enterprise", `namespace "${namespace}" is not Edlevo's (${expected}…)`);
  }
}

/** What a read gives the sync engine, as the SS 12000 importer's read does. */
export interface ImsRead {
  mode: "full" | "delta";
  snapshot: Snapshot;
  deletions?: Deletion[];
  completeEnrollmentsOf?: () => Iterable<string>;
  notes: () => SyncWarning[];
}

/**
 * Maps a loaded source to canonical records. A full read is everything the register holds (what it no longer names
 * is removed by the engine). A delta read yields what the delta describes, merged with the baseline for persons and
 * groups it names without their context, and as deletions: persons and groups with recstatus 3, roles with
 * recstatus 3, and persons now protected.
 */
export function mapImsRead(loaded: ImsLoaded, settings: ImsMappingSettings, context: { tenantId: string; sourceId: string; today: string; baseline?: ImsBaseline }): ImsRead {
  const { source, delta } = loaded;
  const mapped = mapImsSource(source, settings, context);
  const snapshot: Snapshot = {
    orgs: mapped.orgs,
    academicSessions: mapped.sessions,
    courses: mapped.courses,
    classes: mapped.classes,
    users: mapped.users,
    demographics: mapped.demographics,
    enrollments: mapped.enrollments,
  };
  const notes = () => importNotes(mapped.counts);
  if (!delta) return { mode: "full", snapshot, notes };
  const deletions: Deletion[] = [
    ...mapped.goneUserIds.map((sourcedId): Deletion => ({ entity: "users", sourcedId, ifPresent: true })),
    ...[...source.deletedGroups].flatMap((id): Deletion[] => [
      { entity: "classes", sourcedId: mapped.classIdOf(id), ifPresent: true },
      { entity: "orgs", sourcedId: mapped.orgIdOf(id), ifPresent: true },
    ]),
    ...mapped.removedEnrollments.map((sourcedId): Deletion => ({ entity: "enrollments", sourcedId, ifPresent: true })),
  ];
  return { mode: "delta", snapshot, deletions, completeEnrollmentsOf: () => mapped.placedClassIds(true), notes };
}
