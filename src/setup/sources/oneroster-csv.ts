import { sql, type Kysely } from "kysely";
import { z } from "zod";
import type { Database } from "../../../db/schema.ts";
import { formatProblem, ONEROSTER_CSV_KIND, readOneRosterCsvZip, type OneRosterCsvReadOptions } from "../../../importers/oneroster-csv/index.ts";
import type { Demographics, EntityName } from "../../model/canonical.ts";
import { SPECS } from "../../sync/entities.ts";
import { runSync } from "../../sync/engine.ts";
import { ensureTenant } from "../../tenancy/ensure-tenant.ts";
import { readableFile } from "../checks/files.ts";
import { defineSourceKind } from "../kind.ts";

const LOOKUP_BATCH = 5000;
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
      if (read.keep.includes("demographics")) snapshot.demographics = storedDemographics(db, tenantId, entry.id);
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

/** Which of `ids` the tenant has as rows of the entity, whatever their source or status (as the sync engine judges). */
async function knownSourcedIds(db: Kysely<Database>, tenantId: string, entity: EntityName, ids: string[]): Promise<Set<string>> {
  const known = new Set<string>();
  for (let start = 0; start < ids.length; start += LOOKUP_BATCH) {
    const batch = ids.slice(start, start + LOOKUP_BATCH);
    const { rows } = await sql<{ sourced_id: string }>`
      select sourced_id from ${sql.table(SPECS[entity].table)}
      where tenant_id = ${tenantId} and sourced_id = any(${batch}::text[])`.execute(db);
    for (const row of rows) known.add(row.sourced_id);
  }
  return known;
}

/** The source's active demographics as records, for a bulk zip that leaves demographics.csv out. */
async function* storedDemographics(db: Kysely<Database>, tenantId: string, sourceId: string): AsyncGenerator<Demographics> {
  const rows = await db.selectFrom("demographics").selectAll().where("tenant_id", "=", tenantId).where("source_id", "=", sourceId).where("status", "=", "active").execute();
  for (const d of rows) {
    yield {
      sourcedId: d.sourced_id,
      metadata: d.metadata,
      birthDate: d.birth_date,
      sex: d.sex,
      americanIndianOrAlaskaNative: d.american_indian_or_alaska_native,
      asian: d.asian,
      blackOrAfricanAmerican: d.black_or_african_american,
      nativeHawaiianOrOtherPacificIslander: d.native_hawaiian_or_other_pacific_islander,
      white: d.white,
      demographicRaceTwoOrMoreRaces: d.demographic_race_two_or_more_races,
      hispanicOrLatinoEthnicity: d.hispanic_or_latino_ethnicity,
      countryOfBirthCode: d.country_of_birth_code,
      stateOfBirthAbbreviation: d.state_of_birth_abbreviation,
      cityOfBirth: d.city_of_birth,
      publicSchoolResidenceStatus: d.public_school_residence_status,
    };
  }
}
