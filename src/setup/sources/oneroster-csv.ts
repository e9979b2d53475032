import { z } from "zod";
import { formatProblem, ONEROSTER_CSV_KIND, readOneRosterCsvZip, type OneRosterCsvReadOptions } from "../../../importers/oneroster-csv/index.ts";
import { knownSourcedIds, storedDemographics } from "../../imports/oneroster-csv-stored.ts";
import { runSync } from "../../sync/engine.ts";
import { ensureTenant } from "../../tenancy/ensure-tenant.ts";
import { readableFile } from "../checks/files.ts";
import { defineSourceKind } from "../kind.ts";

const PROBLEMS_NAMED = 5;

/** The zip to read, and the importer's own options a setup may set. */
const oneRosterCsvSourceSettingsSchema = z.strictObject({
  /** The OneRoster 1.1 CSV zip (bulk or delta) the source drops each night. */
  file: z.string().min(1),
  skipInvalid: z.boolean().default(false),
} satisfies Record<string, z.ZodType> & Partial<Record<keyof OneRosterCsvReadOptions, z.ZodType>>);

/** A OneRoster 1.1 CSV zip another system writes to a path, imported through the sync engine. */
export const oneRosterCsvSource = defineSourceKind({
  kind: ONEROSTER_CSV_KIND,
  fields: { settings: oneRosterCsvSourceSettingsSchema },
  async run(entry, context) {
    const { db, tenantId } = context;
    const file = context.path(entry.settings.file);
    await readableFile(file);
    await ensureTenant(db, tenantId);
    const read = await readOneRosterCsvZip(
      { path: file },
      {
        name: file,
        knownSourcedIds: (entity, ids) => knownSourcedIds(db, tenantId, entity, ids),
        skipInvalid: entry.settings.skipInvalid,
        personnummer: context.personnummer === "store" ? "store" : "drop",
        logger: context.logger,
      },
    );
    try {
      if (!read.ok) {
        const named = read.problems.slice(0, PROBLEMS_NAMED).map(formatProblem).join("; ");
        throw new Error(`${file}: ${read.problemCount} problem(s), nothing was imported: ${named}${read.problemCount > PROBLEMS_NAMED ? "; …" : ""}`);
      }
      const snapshot = { ...read.snapshot };
      // A bulk zip without demographics.csv says nothing about them: the source's stored ones stay as they are.
      if (read.keep.includes("demographics")) snapshot.demographics = await storedDemographics(db, tenantId, entry.id);
      return await runSync(db, {
        tenantId,
        sourceId: entry.id,
        sourceKind: ONEROSTER_CSV_KIND,
        mode: read.mode,
        snapshot,
        ...(read.mode === "delta" ? { deletions: read.deletions } : {}),
        force: context.force,
        guard: context.guard,
        logger: context.logger,
      });
    } finally {
      read.close();
    }
  },
  checks(entry, context) {
    return [{ what: "zip", run: () => readableFile(context.path(entry.settings.file)) }];
  },
});
