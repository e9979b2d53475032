import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import type { Logger } from "../../src/log/logger.ts";
import type { ExportContext, ExportOutcome, Exporter } from "../contract.ts";
import { recordExportRun } from "../run-record.ts";
import type { SftpSettings } from "../sftp/settings.ts";
import { uploadFile } from "../sftp/upload.ts";
import type { FileSetPlan } from "./file-spec.ts";
import { isZipPath, writeFileSet } from "./sink.ts";
import { writePlan } from "./write-plan.ts";

/** Where a file exporter's apply writes: the database it reads, the local output and, to upload, the SFTP target. */
export interface FileSetTarget {
  db: Kysely<Database>;
  /** A folder, or a .zip file. */
  out: string;
  /** Upload the zip here after writing it (not in a dry run). */
  sftp?: SftpSettings;
  env?: NodeJS.ProcessEnv;
  logger?: Logger;
}

/** Writes the plan's files to the output and, unless this is a dry run, uploads the zip. */
export async function applyFileSetPlan(plan: FileSetPlan, target: FileSetTarget, context: ExportContext): Promise<ExportOutcome> {
  if (target.sftp && !isZipPath(target.out)) throw new Error(`an upload needs a zip: ${target.out} does not end in .zip`);
  const outcome = await writeFileSet(target.out, (sink) =>
    writePlan(target.db, plan, sink, { ...(context.onProgress ? { onProgress: context.onProgress } : {}) }),
  );
  if (target.sftp && !context.dryRun) {
    const uploaded = await uploadFile(target.out, target.sftp, { ...(target.env ? { env: target.env } : {}), ...(target.logger ? { logger: target.logger } : {}) });
    outcome.counts.upload = { files: 1, bytes: uploaded.bytes };
  }
  return outcome;
}

/** Plans and applies one export as a recorded run (export_runs: running → succeeded / dry-run / failed). */
export async function runRecordedExport<Snapshot, Plan, Client>(
  db: Kysely<Database>,
  exporter: Exporter<Snapshot, null, Plan, Client>,
  snapshot: Snapshot,
  client: Client,
  context: ExportContext,
): Promise<{ runId: string; outcome: ExportOutcome }> {
  return recordExportRun(db, context, exporter.kind, () => exporter.apply(exporter.plan(snapshot, null), client, context));
}
