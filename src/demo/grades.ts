/** CEDS grade codes by Swedish school grade: förskoleklass → KG, åk 1–9 → 01–09, gymnasium år 1–3 → 10–12. */
export function cedsGrade(gradeIndex: number): string {
  if (gradeIndex === 0) return "KG";
  return String(gradeIndex).padStart(2, "0");
}

/** How a homeroom (klass) of this grade is named in Swedish schools: "F", "1" … "9". */
export function gradeLabel(gradeIndex: number): string {
  return gradeIndex === 0 ? "F" : String(gradeIndex);
}
