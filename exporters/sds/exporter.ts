import { csvRecords } from "../../src/csv/csv-text.ts";
import type { Exporter } from "../contract.ts";
import type { FileSetPlan, FileSpec } from "../file-set/file-spec.ts";
import { applyFileSetPlan, type FileSetTarget } from "../file-set/run.ts";
import type { FileSetScope } from "../file-set/scope.ts";
import type { SdsSettings } from "./settings.ts";
import { schoolFile, sectionFile, studentEnrollmentFile, studentFile, teacherFile, teacherRosterFile } from "./v1/files.ts";
import { demographicsFile, relationshipsFile, rolesFile, usersFile } from "./v2-1/people.ts";
import { academicSessionsFile, classesFile, coursesFile, enrollmentsFile, orgsFile } from "./v2-1/rostering.ts";

/** SDS v1 takes at most this many rows in one file; a larger school set needs its own file set and sync profile. */
export const SDS_V1_MAX_ROWS = 500_000;

export interface SdsSnapshot {
  tenantId: string;
  settings: SdsSettings;
}

function scopeOf({ tenantId, settings }: SdsSnapshot): FileSetScope {
  return {
    tenantId,
    ...(settings.schools ? { schools: settings.schools } : {}),
    ...(settings.upnSuffix ? { upnSuffix: settings.upnSuffix } : {}),
    includePersonnummer: settings.includePersonnummer,
  };
}

/** The files of an SDS export: pure, from the settings alone (the rows come from the database when it is applied). */
export function planSdsExport(snapshot: SdsSnapshot, maxRowsPerFile = SDS_V1_MAX_ROWS): FileSetPlan {
  const scope = scopeOf(snapshot);
  const { settings } = snapshot;
  let files: FileSpec[];
  if (settings.format === "v1") {
    const options = { includePersonnummer: settings.includePersonnummer, includeDemographics: settings.includeDemographics };
    files = [schoolFile(scope), sectionFile(scope), studentFile(scope, options), teacherFile(scope, options), studentEnrollmentFile(scope), teacherRosterFile(scope)];
    // SDS, and the RFC 4180 files it asks for, end each record with CRLF; UTF-8 without a BOM (csv-stringify's default).
    return { kind: "sds", files, dialect: csvRecords, maxRowsPerFile };
  }
  const people = { includeGuardians: settings.includeGuardians, defaultCountryCode: settings.defaultCountryCode };
  files = [
    orgsFile(scope),
    usersFile(scope, people),
    rolesFile(scope),
    classesFile(scope),
    enrollmentsFile(scope),
    academicSessionsFile(scope),
    coursesFile(scope),
    ...(settings.includeDemographics ? [demographicsFile(scope)] : []),
    ...(settings.includeGuardians ? [relationshipsFile(scope)] : []),
  ];
  return { kind: "sds", files, dialect: csvRecords };
}

/** Microsoft School Data Sync: a full CSV file set (v2.1 or v1) in a folder or a zip, optionally uploaded over SFTP. */
export const sdsExporter: Exporter<SdsSnapshot, null, FileSetPlan, FileSetTarget> = {
  kind: "sds",
  plan: (snapshot) => planSdsExport(snapshot),
  apply: (plan, target, context) => applyFileSetPlan(plan, target, context),
};
