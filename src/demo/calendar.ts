/** The school year the demo municipality runs: 2026/27 with an autumn (HT) and a spring (VT) term. */
export const SCHOOL_YEAR = {
  key: "2026-27",
  title: "Läsåret 2026/27",
  startDate: "2026-08-17",
  endDate: "2027-06-11",
  schoolYear: "2027",
} as const;

export const TERMS = [
  { key: "HT2026", title: "HT 2026", startDate: "2026-08-17", endDate: "2026-12-22" },
  { key: "VT2027", title: "VT 2027", startDate: "2027-01-07", endDate: "2027-06-11" },
] as const;

export type TermKey = (typeof TERMS)[number]["key"];

/** The calendar year a child in this school grade (0 = förskoleklass … 12 = gymnasium år 3) was born. */
export function birthYear(gradeIndex: number): number {
  return 2026 - 6 - gradeIndex;
}
