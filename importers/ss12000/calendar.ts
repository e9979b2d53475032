import type { AcademicSession } from "../../src/model/canonical.ts";
import type { Ss12000Settings } from "./settings.ts";

export type Half = "HT" | "VT";

/** A term: the autumn (HT) or spring (VT) half of the school year that starts in autumn of `autumnYear`. */
export interface Term {
  autumnYear: number;
  half: Half;
  startDate: string;
  endDate: string;
}

/**
 * School years and terms from the configured term dates, because SS 12000 has no term objects: a class belongs to
 * every term its dates overlap.
 */
export class Calendar {
  readonly #terms: Ss12000Settings["terms"];

  constructor(terms: Ss12000Settings["terms"]) {
    this.#terms = terms;
  }

  term(autumnYear: number, half: Half): Term {
    const t = half === "HT" ? this.#terms.autumn : this.#terms.spring;
    const year = half === "HT" ? autumnYear : autumnYear + 1;
    return { autumnYear, half, startDate: `${year}-${t.start}`, endDate: `${year}-${t.end}` };
  }

  /** The term a date falls in, or the next one when it falls between terms. */
  termAt(date: string): Term {
    const year = Number(date.slice(0, 4));
    for (const candidate of [this.term(year - 1, "VT"), this.term(year, "HT"), this.term(year, "VT")]) {
      if (date <= candidate.endDate) return candidate;
    }
    return this.term(year + 1, "HT");
  }

  /** Every term that overlaps [start, end] (at least the one `start` falls in). */
  termsOverlapping(start: string, end: string): Term[] {
    const terms: Term[] = [];
    let term = this.termAt(start);
    do {
      terms.push(term);
      term = term.half === "HT" ? this.term(term.autumnYear, "VT") : this.term(term.autumnYear + 1, "HT");
    } while (term.startDate <= end);
    return terms;
  }
}

export function termKey(term: Pick<Term, "autumnYear" | "half">): string {
  return `${term.half}${term.half === "HT" ? term.autumnYear : term.autumnYear + 1}`;
}

export function schoolYearKey(autumnYear: number): string {
  return `${autumnYear}-${String(autumnYear + 1).slice(2)}`;
}

/** The school year's and the term's academicSession records, ids from `idOf(key)`. */
export function sessionRecords(calendar: Calendar, terms: Iterable<Term>, idOf: (key: string) => string): AcademicSession[] {
  const sessions = new Map<string, AcademicSession>();
  for (const term of terms) {
    const yearKey = schoolYearKey(term.autumnYear);
    if (!sessions.has(yearKey)) {
      sessions.set(yearKey, {
        sourcedId: idOf(yearKey),
        title: `Läsåret ${term.autumnYear}/${String(term.autumnYear + 1).slice(2)}`,
        type: "schoolYear",
        startDate: calendar.term(term.autumnYear, "HT").startDate,
        endDate: calendar.term(term.autumnYear, "VT").endDate,
        schoolYear: String(term.autumnYear + 1),
      });
    }
    const key = termKey(term);
    sessions.set(key, {
      sourcedId: idOf(key),
      title: `${term.half} ${term.half === "HT" ? term.autumnYear : term.autumnYear + 1}`,
      type: "term",
      startDate: term.startDate,
      endDate: term.endDate,
      parentSourcedId: idOf(yearKey),
      schoolYear: String(term.autumnYear + 1),
    });
  }
  return [...sessions.values()];
}
