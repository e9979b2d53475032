// What a OneRoster CSV import needs from the tenant's stored rows, for the CLI and a setup's pipeline alike.
import { sql, type Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import type { Demographics, EntityName } from "../model/canonical.ts";
import { SPECS } from "../sync/entities.ts";

const LOOKUP_BATCH = 5000;

/** Which of `ids` the tenant has as rows of the entity, whatever their source or status (as the sync engine judges). */
export async function knownSourcedIds(db: Kysely<Database>, tenantId: string, entity: EntityName, ids: string[]): Promise<Set<string>> {
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

/**
 * The source's active demographics as records, for a bulk zip that leaves demographics.csv out. Read before the sync
 * starts: the snapshot must not query the database while the run's transaction is open.
 */
export async function storedDemographics(db: Kysely<Database>, tenantId: string, sourceId: string): Promise<Demographics[]> {
  const rows = await db
    .selectFrom("demographics")
    .selectAll()
    .where("tenant_id", "=", tenantId)
    .where("source_id", "=", sourceId)
    .where("status", "=", "active")
    .execute();
  return rows.map((d) => ({
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
  }));
}
