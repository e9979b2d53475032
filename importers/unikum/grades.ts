import { gradeOfSchoolYear } from "../mapped-file/grades.ts";

/** Unikum's skolform codes (Skolverket's structure in dot notation) as SS 12000 school types. */
const SCHOOL_TYPES: Record<string, string> = {
  "se.forskoleverksamhet.forskola": "FS",
  "se.grundskoleutbildning.forskoleklass": "FKLASS",
  "se.grundskoleutbildning.grundskola": "GR",
  "se.grundskoleutbildning.sarskola.grundsarskola": "GRS",
  "se.gymnasieutbildning.gymnasieskola": "GY",
  "se.gymnasieutbildning.sarskola.gymnasiesarskola": "GYS",
  "se.vuxenutbildning": "VUX",
};

/** The CEDS grade of a student's årskurs at a school of this skolform (grundskola when unknown). */
export function gradeOf(schoolYear: string, schoolForm: string | undefined): string | undefined {
  return gradeOfSchoolYear(schoolYear, schoolForm === undefined ? undefined : (SCHOOL_TYPES[schoolForm.trim()] ?? "GR"));
}
