import { userInSchools } from "../../api/v1p1/school-scope.ts";
import { defineCsvFile } from "../csv-file.ts";
import { bool, text } from "../format.ts";

/** A demographics record carries its user's sourcedId, so it goes wherever the user goes. */
export const demographicsFile = defineCsvFile({
  name: "demographics",
  from: (db) => db.selectFrom("demographics as e"),
  inSchools: (schools) => userInSchools("e.sourced_id", schools),
  select: (from) =>
    from.select([
      "e.birth_date",
      "e.sex",
      "e.american_indian_or_alaska_native",
      "e.asian",
      "e.black_or_african_american",
      "e.native_hawaiian_or_other_pacific_islander",
      "e.white",
      "e.demographic_race_two_or_more_races",
      "e.hispanic_or_latino_ethnicity",
      "e.country_of_birth_code",
      "e.state_of_birth_abbreviation",
      "e.city_of_birth",
      "e.public_school_residence_status",
    ]),
  cells: (row) => [
    text(row.birth_date),
    text(row.sex),
    bool(row.american_indian_or_alaska_native),
    bool(row.asian),
    bool(row.black_or_african_american),
    bool(row.native_hawaiian_or_other_pacific_islander),
    bool(row.white),
    bool(row.demographic_race_two_or_more_races),
    bool(row.hispanic_or_latino_ethnicity),
    text(row.country_of_birth_code),
    text(row.state_of_birth_abbreviation),
    text(row.city_of_birth),
    text(row.public_school_residence_status),
  ],
});
