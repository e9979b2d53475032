import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { writeOneRosterCsvZip } from "../../src/csv/export-zip.ts";
import { writeFileAtomically } from "../../src/csv/zip-file.ts";
import type { ExportContext, ExportOutcome, Exporter } from "../contract.ts";
import type { FileSetPlan } from "../file-set/file-spec.ts";
import { applyFileSetPlan, type FileSetTarget } from "../file-set/run.ts";
import type { FileSetScope } from "../file-set/scope.ts";
import { isZipPath } from "../file-set/sink.ts";
import { uploadFile } from "../sftp/upload.ts";
import { asmCsvRecords } from "./dialect.ts";
import { classesFile, coursesFile, locationsFile, rostersFile, staffFile, studentsFile } from "./files.ts";
import { readAsmShape, type AsmShape } from "./shape.ts";
import type { AsmSettings } from "./settings.ts";

export interface AsmSnapshot {
  tenantId: string;
  settings: AsmSettings;
  /** The widths of the data-dependent columns (readAsmShape); not needed for the OneRoster variant. */
  shape: AsmShape;
}

export type AsmPlan = FileSetPlan | { kind: "asm"; oneRoster: { tenantId: string; schools?: readonly string[] } };

export function asmScope(tenantId: string, settings: AsmSettings): FileSetScope {
  return { tenantId, ...(settings.schools ? { schools: settings.schools } : {}), includePersonnummer: settings.includePersonnummer };
}

/** Reads what the plan needs from the database: the shape of the files. */
export async function readAsmSnapshot(db: Kysely<Database>, tenantId: string, settings: AsmSettings): Promise<AsmSnapshot> {
  const shape = settings.format === "asm-csv" ? await readAsmShape(db, asmScope(tenantId, settings)) : { studentLocations: 1, staffLocations: 1, instructors: 3 };
  return { tenantId, settings, shape };
}

/** The files of an ASM export: pure, from the settings and the shape (the rows come from the database when applied). */
export function planAsmExport({ tenantId, settings, shape }: AsmSnapshot): AsmPlan {
  if (settings.format === "oneroster-csv") return { kind: "asm", oneRoster: { tenantId, ...(settings.schools ? { schools: settings.schools } : {}) } };
  const scope = asmScope(tenantId, settings);
  const people = { includePersonnummer: settings.includePersonnummer, ...(settings.studentPasswordPolicy ? { studentPasswordPolicy: settings.studentPasswordPolicy } : {}) };
  return {
    kind: "asm",
    files: [locationsFile(scope), studentsFile(scope, shape, people), staffFile(scope, shape, people), coursesFile(scope), classesFile(scope, shape), rostersFile(scope)],
    dialect: asmCsvRecords,
  };
}

/** The OneRoster CSV variant: the project's own OneRoster CSV writer (src/csv/export-zip.ts), bulk, to a zip. */
async function applyOneRoster(plan: { tenantId: string; schools?: readonly string[] }, target: FileSetTarget, context: ExportContext): Promise<ExportOutcome> {
  if (!isZipPath(target.out)) throw new Error(`the OneRoster CSV variant is a zip: ${target.out} does not end in .zip`);
  const result = await writeFileAtomically(target.out, (output) =>
    writeOneRosterCsvZip(target.db, { tenantId: plan.tenantId, ...(plan.schools ? { schoolSourcedIds: plan.schools } : {}), ...(target.logger ? { logger: target.logger } : {}) }, output),
  );
  const counts: ExportOutcome["counts"] = Object.fromEntries(Object.entries(result.files).map(([name, f]) => [`${name}.csv`, { written: f.rows }]));
  const warnings = Object.entries(result.personnummerOmitted).map(([column, n]) => ({ entity: "users", why: `${n} personnummer-like value(s) of users.${column} left blank` }));
  if (target.sftp && !context.dryRun) {
    const uploaded = await uploadFile(target.out, target.sftp, { ...(target.env ? { env: target.env } : {}), ...(target.logger ? { logger: target.logger } : {}) });
    counts.upload = { files: 1, bytes: uploaded.bytes };
  }
  return { counts, warnings };
}

/** Apple School Manager: the six ASM CSVs in one flat zip (or a folder), uploaded over SFTP to ASM's drop. */
export const asmExporter: Exporter<AsmSnapshot, null, AsmPlan, FileSetTarget> = {
  kind: "asm",
  plan: (snapshot) => planAsmExport(snapshot),
  apply: (plan, target, context) => ("oneRoster" in plan ? applyOneRoster(plan.oneRoster, target, context) : applyFileSetPlan(plan, target, context)),
};
