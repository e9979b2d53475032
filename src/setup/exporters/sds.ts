import { z } from "zod";
import { runRecordedExport } from "../../../exporters/file-set/run.ts";
import { sdsExporter } from "../../../exporters/sds/exporter.ts";
import { sdsSettingsSchema } from "../../../exporters/sds/settings.ts";
import { schoolListProblem } from "../../tenancy/school-list.ts";
import { writableTarget } from "../checks/files.ts";
import { checkSftp } from "../checks/sftp.ts";
import { defineExporterKind } from "../kind.ts";
import { withSecretReferences } from "../secrets.ts";
import { exportOutput, outputProblems, sftpWithPaths } from "./output.ts";

/** Microsoft School Data Sync CSV (v2.1 or v1), written to `out` and/or uploaded over SFTP. */
export const sdsExporterKind = defineExporterKind({
  kind: "sds",
  fields: { out: z.string().min(1).optional(), settings: withSecretReferences(sdsSettingsSchema).prefault({}) },
  problems: outputProblems,
  async run(entry, context) {
    const settings = { ...entry.settings, ...(entry.settings.sftp ? { sftp: sftpWithPaths(entry.settings.sftp, context) } : {}) };
    const problem = settings.schools && (await schoolListProblem(context.db, context.tenantId, settings.schools));
    if (problem) throw new Error(`settings.schools: ${problem}`);
    const output = await exportOutput(entry.out, "sds.zip", context);
    try {
      return await runRecordedExport(
        context.db,
        sdsExporter,
        { tenantId: context.tenantId, settings },
        { db: context.db, out: output.path, ...(settings.sftp ? { sftp: settings.sftp } : {}), env: context.env, logger: context.logger },
        { tenantId: context.tenantId, targetId: entry.id, dryRun: false, logger: context.logger },
      );
    } finally {
      await output.cleanup();
    }
  },
  checks(entry, context) {
    return [
      ...(entry.out !== undefined ? [{ what: "output folder", run: () => writableTarget(context.path(entry.out!)) }] : []),
      ...(entry.settings.sftp ? [{ what: "SFTP login", run: () => checkSftp(sftpWithPaths(entry.settings.sftp!, context), context.env) }] : []),
    ];
  },
});
