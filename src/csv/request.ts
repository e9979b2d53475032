import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { schoolListProblem } from "../tenancy/school-list.ts";
import type { ExportScope } from "./scope.ts";

/** What the caller asks for, as a CLI or an HTTP query gives it. */
export interface OneRosterCsvRequest {
  tenantId: string;
  /** An ISO 8601 instant (or a Date): a delta of the rows changed after it. Absent: bulk. */
  since?: Date | string;
  /** Only these schools' data. Absent: the whole tenant. */
  schoolSourcedIds?: readonly string[];
}

/** A request naming something that does not exist or cannot be read; `option` is the input at fault. */
export class ExportRequestError extends Error {
  constructor(
    readonly option: "tenant" | "since" | "schools",
    message: string,
  ) {
    super(message);
    this.name = "ExportRequestError";
  }
}

// A date, or a date-time with its zone: a time without one would mean a different instant on every server.
const ISO_INSTANT = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2}))?$/;

const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** An ISO 8601 instant; a bare date is its midnight UTC. */
export function parseSince(value: string): Date {
  const parts = ISO_INSTANT.exec(value)?.slice(1).map((part) => Number(part ?? 0));
  // Date would roll 2026-02-30 over into March and 24:00 into the next day; those are mistakes, not instants.
  const valid =
    parts !== undefined &&
    parts[1]! >= 1 &&
    parts[1]! <= 12 &&
    parts[2]! >= 1 &&
    parts[2]! <= daysIn(parts[0]!, parts[1]!) &&
    parts[3]! <= 23 &&
    parts[4]! <= 59 &&
    parts[5]! <= 59;
  if (!valid) {
    throw new ExportRequestError("since", `"${value}" is not an ISO 8601 date-time with a time zone, e.g. 2026-11-25T08:00:00Z`);
  }
  return new Date(value.length === 10 ? `${value}T00:00:00Z` : value);
}

/** The scope of a request, or an ExportRequestError naming the input at fault. */
export async function checkExportRequest(db: Kysely<Database>, request: OneRosterCsvRequest): Promise<ExportScope> {
  const since = typeof request.since === "string" ? parseSince(request.since) : request.since;
  if (since && Number.isNaN(since.getTime())) throw new ExportRequestError("since", "the time is not a valid date");
  const tenant = await db.selectFrom("tenants").select("id").where("id", "=", request.tenantId).executeTakeFirst();
  if (!tenant) throw new ExportRequestError("tenant", `unknown tenant "${request.tenantId}"`);
  const schools = request.schoolSourcedIds ? [...new Set(request.schoolSourcedIds)] : undefined;
  const problem = schools && (await schoolListProblem(db, request.tenantId, schools));
  if (problem) throw new ExportRequestError("schools", problem);
  return { tenantId: request.tenantId, ...(since ? { since } : {}), ...(schools ? { schools } : {}) };
}
