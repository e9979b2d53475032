/** How the demo's students are spread over F–9 schools and gymnasium schools, and what the schools are called. */
export interface SchoolPlan {
  kind: "compulsory" | "gymnasium";
  index: number;
  students: number;
  name: string;
  schoolUnitCode: string;
}

const PLACES = [
  "Björk", "Ek", "Gran", "Lind", "Sjö", "Ängs", "Berg", "Hag", "Strand", "Skogs",
  "Ros", "Äppel", "Tall", "Lärk", "Vide", "Hassel", "Al", "Rönn", "Lönn", "Sälg",
];
const COMPULSORY_SUFFIXES = ["skolan", "dalsskolan", "backeskolan", "ängsskolan", "viksskolan"];

const COMPULSORY_SHARE = 0.75;
const STUDENTS_PER_COMPULSORY_SCHOOL = 375;
const STUDENTS_PER_GYMNASIUM = 300;

function split(total: number, parts: number): number[] {
  return Array.from({ length: parts }, (_, i) => Math.floor(total / parts) + (i < total % parts ? 1 : 0));
}

function compulsoryName(index: number): string {
  const variants = PLACES.length * COMPULSORY_SUFFIXES.length;
  const base = `${PLACES[index % PLACES.length]}${COMPULSORY_SUFFIXES[Math.floor(index / PLACES.length) % COMPULSORY_SUFFIXES.length]}`;
  return index < variants ? base : `${base} ${Math.floor(index / variants) + 1}`;
}

function gymnasiumName(index: number): string {
  const base = `${PLACES[index % PLACES.length]}gymnasiet`;
  return index < PLACES.length ? base : `${base} ${Math.floor(index / PLACES.length) + 1}`;
}

/** A made-up but well-formed 8-digit skolenhetskod, distinct per school. */
function schoolUnitCode(serial: number): string {
  return String(10_000_000 + ((serial * 7_919 + 4_711) % 90_000_000));
}

export function planSchools(students: number): SchoolPlan[] {
  const compulsoryStudents = Math.round(students * COMPULSORY_SHARE);
  const gymnasiumStudents = students - compulsoryStudents;
  const compulsory = split(compulsoryStudents, Math.max(1, Math.round(compulsoryStudents / STUDENTS_PER_COMPULSORY_SCHOOL)));
  const gymnasium = split(gymnasiumStudents, Math.max(1, Math.round(gymnasiumStudents / STUDENTS_PER_GYMNASIUM)));
  return [
    ...compulsory.map((n, index) => ({
      kind: "compulsory" as const,
      index,
      students: n,
      name: compulsoryName(index),
      schoolUnitCode: schoolUnitCode(index),
    })),
    ...gymnasium.map((n, index) => ({
      kind: "gymnasium" as const,
      index,
      students: n,
      name: gymnasiumName(index),
      schoolUnitCode: schoolUnitCode(compulsory.length + index),
    })),
  ];
}

export { split };
