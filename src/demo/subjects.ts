/** Grundskolan's subjects (Skolverket's subject codes) as taught in the demo, by stage. */
export interface Subject {
  code: string;
  name: string;
}

const S = (code: string, name: string): Subject => ({ code, name });

const LOWER: Subject[] = [
  S("SV", "Svenska"),
  S("MA", "Matematik"),
  S("EN", "Engelska"),
  S("NO", "Naturorienterande ämnen"),
  S("SO", "Samhällsorienterande ämnen"),
  S("BL", "Bild"),
  S("IDH", "Idrott och hälsa"),
  S("MU", "Musik"),
  S("SL", "Slöjd"),
  S("TK", "Teknik"),
];
const MIDDLE: Subject[] = [
  S("SV", "Svenska"),
  S("MA", "Matematik"),
  S("EN", "Engelska"),
  S("BI", "Biologi"),
  S("FY", "Fysik"),
  S("KE", "Kemi"),
  S("GE", "Geografi"),
  S("HI", "Historia"),
  S("RE", "Religionskunskap"),
  S("SH", "Samhällskunskap"),
  S("BL", "Bild"),
  S("IDH", "Idrott och hälsa"),
  S("MU", "Musik"),
  S("SL", "Slöjd"),
  S("TK", "Teknik"),
  S("HKK", "Hem- och konsumentkunskap"),
];
const UPPER: Subject[] = [
  S("SV", "Svenska"),
  S("MA", "Matematik"),
  S("EN", "Engelska"),
  S("BI", "Biologi"),
  S("FY", "Fysik"),
  S("KE", "Kemi"),
  S("GE", "Geografi"),
  S("HI", "Historia"),
  S("RE", "Religionskunskap"),
  S("SH", "Samhällskunskap"),
  S("BL", "Bild"),
  S("IDH", "Idrott och hälsa"),
  S("MU", "Musik"),
  S("SL", "Slöjd"),
  S("HKK", "Hem- och konsumentkunskap"),
  S("TK", "Teknik"),
  S("M2", "Moderna språk"),
];

/** Subjects of a grundskola grade (0 = förskoleklass). Förskoleklass has no subject groups of its own. */
export function compulsorySubjects(gradeIndex: number): Subject[] {
  if (gradeIndex === 0) return [];
  if (gradeIndex <= 3) return LOWER;
  if (gradeIndex <= 6) return MIDDLE;
  return UPPER;
}

/** A gymnasium course: code as in Skolverket's course codes, subject code, title, and the terms it runs. */
export interface GymnasiumCourse {
  code: string;
  subject: string;
  title: string;
  terms: "year" | "HT" | "VT";
}

const C = (code: string, subject: string, title: string, terms: GymnasiumCourse["terms"] = "year") => ({
  code,
  subject,
  title,
  terms,
});

const COMMON: GymnasiumCourse[][] = [
  [
    C("SVESVE01", "SVE", "Svenska 1"),
    C("ENGENG05", "ENG", "Engelska 5"),
    C("MATMAT01c", "MAT", "Matematik 1c"),
    C("IDRIDR01", "IDR", "Idrott och hälsa 1"),
    C("HISHIS01a1", "HIS", "Historia 1a1", "HT"),
    C("SAMSAM01b", "SAM", "Samhällskunskap 1b"),
    C("RELREL01", "REL", "Religionskunskap 1", "VT"),
  ],
  [
    C("SVESVE02", "SVE", "Svenska 2"),
    C("ENGENG06", "ENG", "Engelska 6"),
    C("MATMAT02c", "MAT", "Matematik 2c"),
    C("MODMOD03", "MOD", "Moderna språk 3"),
    C("NAKNAK01b", "NAK", "Naturkunskap 1b", "HT"),
    C("IDRIDR02", "IDR", "Idrott och hälsa 2", "VT"),
  ],
  [
    C("SVESVE03", "SVE", "Svenska 3"),
    C("GYARBE00", "GYA", "Gymnasiearbete"),
    C("FILFIO01", "FIL", "Filosofi 1", "VT"),
    C("MODMOD04", "MOD", "Moderna språk 4"),
    C("ENGENG07", "ENG", "Engelska 7"),
  ],
];

export interface Programme {
  code: string;
  name: string;
  courses: GymnasiumCourse[][];
}

export const PROGRAMMES: Programme[] = [
  {
    code: "NA",
    name: "Naturvetenskapsprogrammet",
    courses: [
      [C("BIOBIO01", "BIO", "Biologi 1"), C("FYSFYS01a", "FYS", "Fysik 1a"), C("KEMKEM01", "KEM", "Kemi 1")],
      [C("BIOBIO02", "BIO", "Biologi 2"), C("KEMKEM02", "KEM", "Kemi 2"), C("MATMAT03c", "MAT", "Matematik 3c")],
      [C("MATMAT04", "MAT", "Matematik 4"), C("FYSFYS02", "FYS", "Fysik 2")],
    ],
  },
  {
    code: "SA",
    name: "Samhällsvetenskapsprogrammet",
    courses: [
      [C("GEOGEO01", "GEO", "Geografi 1"), C("PSKPSY01", "PSK", "Psykologi 1"), C("MODMOD01", "MOD", "Moderna språk 1")],
      [C("SAMSAM02", "SAM", "Samhällskunskap 2"), C("HISHIS02a", "HIS", "Historia 2a"), C("FILFIO02", "FIL", "Filosofi 2")],
      [C("SAMSAM03", "SAM", "Samhällskunskap 3"), C("SOISOC01", "SOI", "Sociologi")],
    ],
  },
  {
    code: "EK",
    name: "Ekonomiprogrammet",
    courses: [
      [C("FÖRFÖR01", "FÖR", "Företagsekonomi 1"), C("PRIPRI01", "PRI", "Privatjuridik"), C("MODMOD01", "MOD", "Moderna språk 1")],
      [C("FÖRFÖR02", "FÖR", "Företagsekonomi 2"), C("ENTENR0", "ENT", "Entreprenörskap"), C("PSKPSY01", "PSK", "Psykologi 1")],
      [C("RÄTRÄT01", "RÄT", "Affärsjuridik"), C("MATMAT03b", "MAT", "Matematik 3b")],
    ],
  },
  {
    code: "TE",
    name: "Teknikprogrammet",
    courses: [
      [C("TEKTEK01", "TEK", "Teknik 1"), C("FYSFYS01a", "FYS", "Fysik 1a"), C("KEMKEM01", "KEM", "Kemi 1")],
      [C("PRRPRR01", "PRR", "Programmering 1"), C("MATMAT03c", "MAT", "Matematik 3c"), C("CADCAD01", "CAD", "CAD 1")],
      [C("MATMAT04", "MAT", "Matematik 4"), C("TEKTEK02", "TEK", "Teknik 2")],
    ],
  },
  {
    code: "BA",
    name: "Bygg- och anläggningsprogrammet",
    courses: [
      [C("BYGBYG01", "BYG", "Bygg och anläggning 1"), C("BYGBYG02", "BYG", "Bygg och anläggning 2"), C("MATMAT01a", "MAT", "Matematik 1a")],
      [C("HUSHUS01", "HUS", "Husbyggnad 1"), C("TRÄTRÄ01", "TRÄ", "Trä 1"), C("HUSHUS02", "HUS", "Husbyggnad 2")],
      [C("HUSHUS03", "HUS", "Husbyggnad 3"), C("GYARBE00", "GYA", "Gymnasiearbete")],
    ],
  },
  {
    code: "EE",
    name: "El- och energiprogrammet",
    courses: [
      [C("ELEELE01", "ELE", "Elektromekanik"), C("ENEENE0", "ENE", "Energiteknik 1"), C("MATMAT01a", "MAT", "Matematik 1a")],
      [C("ELLELL01", "ELL", "Elinstallationer"), C("ELPELP01", "ELP", "Elkraftteknik"), C("DAODAC0", "DAO", "Datorteknik 1a")],
      [C("ELLELL02", "ELL", "Elkraftsystem"), C("AUTAUT01", "AUT", "Praktisk ellära")],
    ],
  },
];

/** The courses a programme's students read in their year (0, 1, 2). Programme courses that repeat a common one drop out. */
export function gymnasiumCourses(programme: Programme, year: number): GymnasiumCourse[] {
  const seen = new Set<string>();
  const out: GymnasiumCourse[] = [];
  for (const course of [...COMMON[year]!, ...programme.courses[year]!]) {
    if (seen.has(course.code)) continue;
    seen.add(course.code);
    out.push(course);
  }
  return out;
}
