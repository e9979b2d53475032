import type { SyncWarning } from "../../src/sync/types.ts";
import type { Ss12000Client } from "./client.ts";
import type { Ss12000Filters } from "./filter-settings.ts";
import { isProtected } from "./roles.ts";
import { keepMembers, type SourceData } from "./source-data.ts";
import type { Person } from "./types.ts";

/** The source's data breaks a rule the setup demands (e.g. persons without GUIDs); retrying cannot help. */
export class Ss12000SourceError extends Error {
  override name = "Ss12000SourceError";
}

export interface FilterCounts {
  schoolUnitsNotListed: number;
  schoolUnitsNotInForce: number;
  groupsNotInForce: number;
  activitiesNotInForce: number;
  activitiesNotListed: number;
}

type Span = { startDate?: string | undefined; endDate?: string | undefined };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function addDays(date: string, days: number): string {
  const ms = Date.parse(`${date}T00:00:00Z`) + days * 86_400_000;
  return new Date(ms).toISOString().slice(0, 10);
}

/**
 * The setup's filters over what was read, applied before anything is mapped: school units not listed or not in force
 * go (and with them everything at them, as at any organisation that is not imported), and so do groups, activities,
 * duties, placements, enrolments, memberships and assignments outside the date window, and activities another list
 * does not name. Without filters every method leaves its input as it is.
 */
export class SourceFilter {
  readonly counts: FilterCounts = { schoolUnitsNotListed: 0, schoolUnitsNotInForce: 0, groupsNotInForce: 0, activitiesNotInForce: 0, activitiesNotListed: 0 };
  /** Groups and activities read but left out: a delta run removes their classes, if stored. */
  readonly leftOut = new Set<string>();
  readonly #window: { requireStartDate: boolean; latestStart: string; earliestEnd: string } | undefined;

  constructor(
    readonly filters: Ss12000Filters,
    today: string,
  ) {
    const w = filters.window;
    this.#window = w && { requireStartDate: w.requireStartDate, latestStart: addDays(today, w.startsWithinDays), earliestEnd: today };
  }

  /** In the date window (always, without one); `dated`: the kind of object that must have a start date when the setup says so. */
  inForce(span: Span, dated: boolean): boolean {
    const w = this.#window;
    if (!w) return true;
    if (span.startDate === undefined) return !(dated && w.requireStartDate);
    return span.startDate <= w.latestStart && (span.endDate === undefined || span.endDate >= w.earliestEnd);
  }

  /** Leaves out of `data` what the filters exclude; `listed`: the ids of the activities another list names, if it is used. */
  apply(data: SourceData, listed: ReadonlySet<string> | undefined): void {
    const codes = this.filters.schoolUnitCodes;
    for (const [id, org] of data.orgs) {
      if (org.organisationType !== "Skolenhet") continue;
      if (codes && !codes.includes(org.schoolUnitCode ?? "")) {
        data.orgs.delete(id);
        this.counts.schoolUnitsNotListed++;
      } else if (!this.inForce(org, true)) {
        data.orgs.delete(id);
        this.counts.schoolUnitsNotInForce++;
      }
    }
    for (const [id, group] of data.groups) {
      if (!this.inForce(group, true)) {
        data.groups.delete(id);
        this.leftOut.add(id);
        this.counts.groupsNotInForce++;
      } else if (this.#window) group.members = keepMembers(group.members, (terms) => this.inForce(terms, false));
    }
    for (const [id, activity] of data.activities) {
      if (listed && !listed.has(id)) {
        data.activities.delete(id);
        this.leftOut.add(id);
        this.counts.activitiesNotListed++;
      } else if (!this.inForce(activity, true)) {
        data.activities.delete(id);
        this.leftOut.add(id);
        this.counts.activitiesNotInForce++;
      } else if (this.#window) activity.teachers = activity.teachers.filter((t) => this.inForce(t, false));
    }
    if (!this.#window) return;
    for (const [id, duty] of data.duties) {
      if (!this.inForce(duty, true)) data.duties.delete(id);
      else duty.mentorOf = duty.mentorOf.filter((r) => this.inForce(r, false));
    }
    data.placements = data.placements.filter((p) => this.inForce(p, true));
  }

  /** A person as the mapping may see them: only enrolments in the window; refused when the setup demands a UUID id. */
  person(person: Person): Person {
    if (this.filters.requirePersonUuids && !UUID.test(person.id) && !isProtected(person.securityMarking)) {
      // Never the id itself: a register without GUIDs may well use the personnummer as id.
      throw new Ss12000SourceError("a person's id is not a UUID: the register must put GUIDs on its users (for SchoolSoft: ask SchoolSoft to activate GUID on users in the export)");
    }
    if (!this.#window || person.enrolments === undefined) return person;
    return { ...person, enrolments: person.enrolments.filter((e) => this.inForce(e, true)) };
  }

  /** Wraps something that takes persons so each passes through person() first. */
  persons<T extends { add(person: Person): void }>(target: T): { add(person: Person): void } {
    return { add: (person) => target.add(this.person(person)) };
  }

  notes(): SyncWarning[] {
    const notes: SyncWarning[] = [];
    const note = (entity: SyncWarning["entity"], count: number, why: string) => {
      if (count > 0) notes.push({ entity, why: `${count} ${why}` });
    };
    note("orgs", this.counts.schoolUnitsNotListed, "school unit(s) not among the setup's schoolUnitCodes left out with everything at them");
    note("orgs", this.counts.schoolUnitsNotInForce, "school unit(s) not in force (no start date, not started or ended) left out with everything at them");
    note("classes", this.counts.groupsNotInForce, "group(s) outside the date window left out");
    note("classes", this.counts.activitiesNotInForce, "activit(y/ies) outside the date window left out");
    note("classes", this.counts.activitiesNotListed, "activit(y/ies) not in the list of selected activities left out");
    return notes;
  }
}

/** The ids of every activity the API at `url` lists (read with the same credentials as the source). */
export async function listedActivityIds(client: Ss12000Client): Promise<Set<string>> {
  const ids = new Set<string>();
  for await (const page of client.pages("activities")) for (const activity of page) ids.add(activity.id);
  return ids;
}
