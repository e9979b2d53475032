import type { DateOnly, SyncedEntityBase } from "./common.ts";

/** sourced_id is the sourcedId of the user described. */
export interface DemographicsTable extends SyncedEntityBase {
  birth_date: DateOnly | null;
  sex: "male" | "female" | "other" | "unspecified" | null;
  american_indian_or_alaska_native: boolean | null;
  asian: boolean | null;
  black_or_african_american: boolean | null;
  native_hawaiian_or_other_pacific_islander: boolean | null;
  white: boolean | null;
  demographic_race_two_or_more_races: boolean | null;
  hispanic_or_latino_ethnicity: boolean | null;
  country_of_birth_code: string | null;
  state_of_birth_abbreviation: string | null;
  city_of_birth: string | null;
  public_school_residence_status: string | null;
}
