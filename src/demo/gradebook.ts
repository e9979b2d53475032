import type { RowFor } from "../../db/bulk-load.ts";
import { TERMS, type TermKey } from "./calendar.ts";
import { Random } from "./random.ts";

// Gradebook and learning resources of the demo: grading periods, categories, a few digital resources linked to the
// courses and groups of their subject, and assignments with results in some teaching groups. They draw from a random
// stream of their own, so adding them leaves the rest of the municipality exactly as it was.

type Base = (entity: string, key: string) => { tenant_id: string; source_id: string; sourced_id: string };
type Ref = (entity: string, key: string) => string;

export const CATEGORIES = [
  { key: "test", title: "Prov" },
  { key: "assignment", title: "Inlämningsuppgift" },
  { key: "oral", title: "Muntlig redovisning" },
] as const;

const RESOURCES = [
  { key: "matteboken", title: "Matteboken", subjectCode: "MA", vendorId: "matteboken.se", roles: ["student", "teacher"] },
  { key: "svenska-direkt", title: "Svenska Direkt", subjectCode: "SV", vendorId: "sanomautbildning.se", roles: ["student", "teacher"] },
  { key: "engelska-online", title: "Engelska Online", subjectCode: "EN", vendorId: "gleerups.se", roles: ["student"] },
] as const;

export const gradingPeriodKey = (term: TermKey) => `grading-${term}`;

export function* calendarAndCatalogue(base: Base, ref: Ref): Generator<RowFor> {
  for (const term of TERMS) {
    yield {
      table: "academic_sessions",
      row: {
        ...base("academicSession", gradingPeriodKey(term.key)),
        title: `Betygsperiod ${term.title}`,
        type: "gradingPeriod",
        start_date: term.startDate,
        end_date: term.endDate,
        parent_sourced_id: ref("academicSession", term.key),
        school_year: "2027",
      },
    };
  }
  for (const category of CATEGORIES) yield { table: "categories", row: { ...base("category", category.key), title: category.title } };
  for (const resource of RESOURCES) {
    yield {
      table: "resources",
      row: {
        ...base("resource", resource.key),
        title: resource.title,
        roles: [...resource.roles],
        importance: "primary",
        vendor_resource_id: `${resource.vendorId}/${resource.key}`,
        vendor_id: resource.vendorId,
      },
    };
  }
}

/** The resource of a subject, if the demo has one. */
export function resourceFor(subjectCode: string | null | undefined): string | null {
  return RESOURCES.find((r) => r.subjectCode === subjectCode)?.key ?? null;
}

export function* resourceLink(
  base: Base,
  ref: Ref,
  table: "course_resources" | "class_resources",
  ownerKey: string,
  subjectCode: string | null | undefined,
): Generator<RowFor> {
  const resource = resourceFor(subjectCode);
  if (!resource) return;
  const owner = table === "course_resources" ? { course_sourced_id: ref("course", ownerKey) } : { class_sourced_id: ref("class", ownerKey) };
  yield {
    table,
    row: { ...base(table === "course_resources" ? "courseResource" : "classResource", ownerKey), title: null, resource_sourced_id: ref("resource", resource), ...owner } as RowFor["row"],
  } as RowFor;
}

export class DemoGradebook {
  readonly #random: Random;

  constructor(seed: number) {
    this.#random = new Random((seed ^ 0x9e3779b9) >>> 0);
  }

  /** Now and then a teaching group has an assignment in its first term, graded for most of its students. */
  *assignments(base: Base, ref: Ref, classKey: string, term: TermKey, termStart: string, studentIds: readonly string[]): Generator<RowFor> {
    if (!this.#random.chance(0.3)) return;
    const category = this.#random.pick(CATEGORIES);
    const lineItemKey = `${classKey}/${category.key}`;
    const lineItemId = ref("lineItem", lineItemKey);
    const assigned = new Date(`${termStart}T08:00:00Z`);
    assigned.setUTCDate(assigned.getUTCDate() + this.#random.int(14, 60));
    const due = new Date(assigned.getTime() + 14 * 86_400_000);
    yield {
      table: "line_items",
      row: {
        ...base("lineItem", lineItemKey),
        title: `${category.title} ${this.#random.int(1, 4)}`,
        assign_date: assigned.toISOString(),
        due_date: due.toISOString(),
        class_sourced_id: ref("class", classKey),
        category_sourced_id: ref("category", category.key),
        grading_period_sourced_id: ref("academicSession", gradingPeriodKey(term)),
        result_value_min: 0,
        result_value_max: 20,
      },
    };
    const scoreDate = due.toISOString().slice(0, 10);
    for (const studentId of studentIds) {
      if (!this.#random.chance(0.85)) continue;
      yield {
        table: "results",
        row: {
          ...base("result", `${lineItemKey}/${studentId}`),
          line_item_sourced_id: lineItemId,
          student_sourced_id: studentId,
          score_status: "fully graded",
          score: this.#random.int(4, 20),
          score_date: scoreDate,
        },
      };
    }
  }
}
