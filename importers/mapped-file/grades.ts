import { cedsGrade } from "../ss12000/grades.ts";

/**
 * The CEDS grade of a student's årskurs (school year) in a school of an SS 12000 school type (GR when unknown):
 * F/FK/0 (förskoleklass) is KG, grundskola 1–9 are 01–09, gymnasieskola 1–4 are 10–13.
 */
export function gradeOfSchoolYear(schoolYear: string, schoolType: string | undefined): string | undefined {
  const value = schoolYear.trim().toUpperCase();
  if (value === "F" || value === "FK" || value === "0") return "KG";
  if (!/^\d{1,2}$/.test(value)) return undefined;
  if (schoolType === "FKLASS") return "KG";
  return cedsGrade(schoolType ?? "GR", Number(value));
}
