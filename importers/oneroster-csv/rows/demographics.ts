import type { FileMapper } from "./mapper.ts";
import { refs } from "./mapper.ts";

const SEXES = ["male", "female", "other", "unspecified"] as const;

/** A demographics row describes the user with the same sourcedId. */
export const demographicsMapper: FileMapper<"demographics"> = {
  entity: "demographics",
  toRecord: (row, sourcedId) => ({
    sourcedId,
    birthDate: row.date("birthDate"),
    sex: row.oneOf("sex", SEXES, false),
    americanIndianOrAlaskaNative: row.bool("americanIndianOrAlaskaNative"),
    asian: row.bool("asian"),
    blackOrAfricanAmerican: row.bool("blackOrAfricanAmerican"),
    nativeHawaiianOrOtherPacificIslander: row.bool("nativeHawaiianOrOtherPacificIslander"),
    white: row.bool("white"),
    demographicRaceTwoOrMoreRaces: row.bool("demographicRaceTwoOrMoreRaces"),
    hispanicOrLatinoEthnicity: row.bool("hispanicOrLatinoEthnicity"),
    countryOfBirthCode: row.text("countryOfBirthCode"),
    stateOfBirthAbbreviation: row.text("stateOfBirthAbbreviation"),
    cityOfBirth: row.text("cityOfBirth"),
    publicSchoolResidenceStatus: row.text("publicSchoolResidenceStatus"),
  }),
  references: (d) => refs("sourcedId", "users", d.sourcedId),
};
