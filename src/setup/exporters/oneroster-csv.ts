import { z } from "zod";
import { recordExportRun } from "../../../exporters/run-record.ts";
import { writeOneRosterCsvZip } from "../../csv/export-zip.ts";
import { checkExportRequest } from "../../csv/request.ts";
import { writeFileAtomically } from "../../csv/zip-file.ts";
import { writableTarget } from "../checks/files.ts";
import { defineExporterKind } from "../kind.ts";

/** The `oneroster export oneroster-csv` options a setup may set. */
const oneRosterCsvExportSettingsSchema = z.strictObject({
  /** Only these schools' data (sourcedIds); absent: the whole tenant. */
  schools: z.array(z.string().min(1)).min(1).optional(),
});

/** A bulk OneRoster 1.1 CSV zip of the tenant, written to `out` (through a temporary file renamed into place). */
export const oneRosterCsvExporterKind = defineExporterKind({
  kind: "oneroster-csv",
  fields: {
    out: z.string().regex(/\.zip$/i, "a .zip file"),
    settings: oneRosterCsvExportSettingsSchema.prefault({}),
  },
  async run(entry, context) {
    const request = { tenantId: context.tenantId, ...(entry.settings.schools ? { schoolSourcedIds: entry.settings.schools } : {}) };
    const path = context.path(entry.out);
    return recordExportRun(context.db, { tenantId: context.tenantId, targetId: entry.id, dryRun: false, logger: context.logger }, "oneroster-csv", async () => {
      await checkExportRequest(context.db, request);
      await writableTarget(path);
      const result = await writeFileAtomically(path, (output) => writeOneRosterCsvZip(context.db, { ...request, logger: context.logger }, output));
      const counts = Object.fromEntries(Object.entries(result.files).map(([name, file]) => [name, { written: file.rows }]));
      return { counts, warnings: [] };
    });
  },
  checks(entry, context) {
    return [{ what: "output folder", run: () => writableTarget(context.path(entry.out)) }];
  },
});
