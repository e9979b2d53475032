import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { writeOneRosterCsvZip, type OneRosterCsvExportOptions, type OneRosterCsvExportResult } from "../../src/csv/export-zip.ts";
import { Collector, readZip } from "./zip-contents.ts";

/** The header line of every file of the binding, written out from the spec rather than taken from the code. */
export const HEADERS = {
  academicSessions: "sourcedId,status,dateLastModified,title,type,startDate,endDate,parentSourcedId,schoolYear",
  categories: "sourcedId,status,dateLastModified,title",
  classes:
    "sourcedId,status,dateLastModified,title,grades,courseSourcedId,classCode,classType,location,schoolSourcedId,termSourcedIds,subjects,subjectCodes,periods",
  classResources: "sourcedId,status,dateLastModified,title,classSourcedId,resourceSourcedId",
  courses: "sourcedId,status,dateLastModified,schoolYearSourcedId,title,courseCode,grades,orgSourcedId,subjects,subjectCodes",
  courseResources: "sourcedId,status,dateLastModified,title,courseSourcedId,resourceSourcedId",
  demographics:
    "sourcedId,status,dateLastModified,birthDate,sex,americanIndianOrAlaskaNative,asian,blackOrAfricanAmerican,nativeHawaiianOrOtherPacificIslander,white,demographicRaceTwoOrMoreRaces,hispanicOrLatinoEthnicity,countryOfBirthCode,stateOfBirthAbbreviation,cityOfBirth,publicSchoolResidenceStatus",
  enrollments: "sourcedId,status,dateLastModified,classSourcedId,schoolSourcedId,userSourcedId,role,primary,beginDate,endDate",
  lineItems:
    "sourcedId,status,dateLastModified,title,description,assignDate,dueDate,classSourcedId,categorySourcedId,gradingPeriodSourcedId,resultValueMin,resultValueMax",
  orgs: "sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId",
  resources: "sourcedId,status,dateLastModified,vendorResourceId,title,roles,importance,vendorId,applicationId",
  results: "sourcedId,status,dateLastModified,lineItemSourcedId,studentSourcedId,scoreStatus,score,scoreDate,comment",
  users:
    "sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password",
} as const;

export type FileName = keyof typeof HEADERS;

/** A file's text: its header and the given lines, each ended by CRLF. */
export function csv(name: FileName, ...lines: string[]): string {
  return [HEADERS[name], ...lines].map((line) => `${line}\r\n`).join("");
}

/** manifest.csv for these modes, in the binding's order of files. */
export function manifest(modes: Record<FileName, "bulk" | "delta" | "absent">, tenant = "default"): string {
  const order: FileName[] = [
    "academicSessions",
    "categories",
    "classes",
    "classResources",
    "courses",
    "courseResources",
    "demographics",
    "enrollments",
    "lineItems",
    "orgs",
    "resources",
    "results",
    "users",
  ];
  const lines = [
    "propertyName,value",
    "manifest.version,1.0",
    "oneroster.version,1.1",
    ...order.map((name) => `file.${name},${modes[name]}`),
    "source.systemName,oneroster-server",
    `source.systemCode,${tenant}`,
  ];
  return lines.map((line) => `${line}\r\n`).join("");
}

export function everyFile(mode: "bulk" | "delta" | "absent"): Record<FileName, "bulk" | "delta" | "absent"> {
  return Object.fromEntries(Object.keys(HEADERS).map((name) => [name, mode])) as Record<FileName, "bulk" | "delta" | "absent">;
}

/** Exports into memory and reads the zip back. */
export async function exportZip(
  db: Kysely<Database>,
  options: OneRosterCsvExportOptions,
): Promise<{ result: OneRosterCsvExportResult; files: Map<string, string>; zip: Buffer }> {
  const output = new Collector();
  const result = await writeOneRosterCsvZip(db, options, output);
  return { result, files: await readZip(output.buffer), zip: output.buffer };
}

/** The latest dateLastModified of the tenant's rows: a `since` that every row so far is not after. */
export async function latestModification(db: Kysely<Database>): Promise<Date> {
  const tables = ["orgs", "academic_sessions", "courses", "classes", "users", "enrollments", "demographics", "categories", "line_items", "results", "resources", "class_resources", "course_resources"] as const;
  let latest = new Date(0);
  for (const table of tables) {
    const row = await db.selectFrom(table).select((eb) => eb.fn.max("date_last_modified").as("latest")).executeTakeFirst();
    const value = row?.latest as Date | null | undefined;
    if (value && value > latest) latest = value;
  }
  return latest;
}
