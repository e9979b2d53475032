import type { Selectable } from "kysely";
import type { DemographicsTable } from "../../../../db/schema.ts";
import { BASE_COLUMNS, BASE_FIELDS, BASE_JSON_FIELDS, baseJson, defineEntity, optional } from "../entity.ts";
import { userInSchools } from "../school-scope.ts";
import type { FilterFields } from "../../query/filter-compiler.ts";

type DemographicsRow = Omit<Selectable<DemographicsTable>, "tenant_id" | "source_id" | "sync_hash" | "date_last_modified"> & { date_last_modified: Date };

/** JSON field → column, in output order. */
const COLUMNS = {
  birthDate: "birth_date",
  sex: "sex",
  americanIndianOrAlaskaNative: "american_indian_or_alaska_native",
  asian: "asian",
  blackOrAfricanAmerican: "black_or_african_american",
  nativeHawaiianOrOtherPacificIslander: "native_hawaiian_or_other_pacific_islander",
  white: "white",
  demographicRaceTwoOrMoreRaces: "demographic_race_two_or_more_races",
  hispanicOrLatinoEthnicity: "hispanic_or_latino_ethnicity",
  countryOfBirthCode: "country_of_birth_code",
  stateOfBirthAbbreviation: "state_of_birth_abbreviation",
  cityOfBirth: "city_of_birth",
  publicSchoolResidenceStatus: "public_school_residence_status",
} as const satisfies Record<string, keyof DemographicsTable>;

const BOOLEAN_FIELDS = new Set<string>([
  "americanIndianOrAlaskaNative",
  "asian",
  "blackOrAfricanAmerican",
  "nativeHawaiianOrOtherPacificIslander",
  "white",
  "demographicRaceTwoOrMoreRaces",
  "hispanicOrLatinoEthnicity",
]);

const fields: FilterFields = {
  ...BASE_FIELDS,
  ...Object.fromEntries(
    Object.entries(COLUMNS).map(([name, column]) => [
      name,
      { column: `e.${column}`, type: name === "birthDate" ? "date" : BOOLEAN_FIELDS.has(name) ? "boolean" : "string" },
    ]),
  ),
};

export const demographics = defineEntity<DemographicsRow>({
  type: "demographics",
  collectionKey: "demographics",
  recordKey: "demographics",
  jsonFields: [...BASE_JSON_FIELDS, ...Object.keys(COLUMNS)],
  fields,
  table: "demographics",
  selectJson: (from) =>
    from
      .select([...BASE_COLUMNS])
      .select(Object.values(COLUMNS).map((column) => `e.${column}` as const)),
  toJson(row, _refs) {
    const json = baseJson(row);
    for (const [name, column] of Object.entries(COLUMNS)) optional(json, name, row[column]);
    return json;
  },
  visibleInSchools: (schools) => userInSchools("e.sourced_id", schools),
});
