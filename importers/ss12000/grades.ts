/** Numbered CEDS grades by school year (index 1 = "01"): one string each, shared by every user of a large import. */
const NUMBERED = ["", "01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12", "13"];

/** CEDS grade levels of an SS 12000 school type (Code_SchoolType) and school year; none where the form has no grade. */
export function cedsGrade(schoolType: string | undefined, schoolYear: number | undefined): string | undefined {
  switch (schoolType) {
    case "FS":
      return "PR";
    case "FKLASS":
      return "KG";
    case "GR":
    case "GRS":
    case "TR":
    case "SP":
    case "SAM":
      return schoolYear !== undefined && schoolYear >= 1 && schoolYear <= 10 ? NUMBERED[schoolYear] : undefined;
    case "GY":
    case "GYS":
      return schoolYear !== undefined && schoolYear >= 1 && schoolYear <= 4 ? NUMBERED[9 + schoolYear] : undefined;
    case "VUX":
    case "VUXSFI":
    case "VUXGR":
    case "VUXGY":
    case "VUXSARGR":
    case "VUXSARTR":
    case "VUXSARGY":
    case "SFI":
    case "SARVUX":
    case "SARVUXGR":
    case "SARVUXGY":
      return "AE";
    case "YH":
    case "HS":
      return "PS";
    default:
      return undefined;
  }
}

/** The grades a syllabus covers: each school year from its start to its end, or none when it names none. */
export function syllabusGrades(schoolType: string | undefined, start: number | undefined, end: number | undefined): string[] {
  if (start === undefined) {
    const grade = cedsGrade(schoolType, undefined);
    return grade ? [grade] : [];
  }
  const grades: string[] = [];
  for (let year = start; year <= (end ?? start); year++) {
    const grade = cedsGrade(schoolType, year);
    if (grade && !grades.includes(grade)) grades.push(grade);
  }
  return grades;
}
