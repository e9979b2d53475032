import type { Problem } from "../mapped-file/file-error.ts";
import type { Roster, RosterPerson } from "../mapped-file/roster.ts";
import type { ObjectIndex } from "./objects.ts";
import { masked, personRef } from "./person-keys.ts";
import type { RelationType, UnikumRow } from "./rows.ts";
import type { UnikumSettings } from "./settings.ts";

type Columns = UnikumSettings["relationColumns"];

/**
 * Applies one relation row (add or remove) to the roster. What it names must be an object of the files; a person
 * left out for having no stable key (a temporary number without e-mail) takes their relations along, silently.
 */
export function readRelationRow(row: UnikumRow & { type: RelationType }, columns: Columns, roster: Roster, index: ObjectIndex, problems: Problem[]): void {
  const fail = (column: string, why: string): void => void problems.push({ file: row.file, line: row.line, column, why });
  const width = Math.max(columns.from, columns.to, columns.operation) + 1;
  if (row.cells.length < width) return fail("(row)", `a relation row needs at least ${width} columns (the relation type last), this one has ${row.cells.length}`);
  const cell = (n: number) => (row.cells[n - 1] ?? "").trim();
  const operation = cell(columns.operation).toLowerCase();
  if (operation !== "add" && operation !== "remove") return fail(`${columns.operation} operation`, `${JSON.stringify(cell(columns.operation))} is neither add nor remove`);
  const add = operation === "add";
  const from = cell(columns.from);
  const to = cell(columns.to);
  if (from === "") return fail(`${columns.from} from`, "required, but empty");
  if (to === "") return fail(`${columns.to} to`, "required, but empty");

  const label = (column: number) => `${column} ${column === columns.from ? "from" : "to"}`;
  const person = (value: string, column: number): RosterPerson | null | undefined => {
    const ref = personRef(value);
    if (ref.kind === "invalid") return void fail(label(column), ref.why);
    const key = ref.kind === "key" ? ref.key : index.temporary.get(ref.number);
    if (key === null) return null;
    const found = key === undefined ? undefined : roster.persons.get(key);
    if (!found) fail(label(column), `no user row with ${ref.kind === "key" && ref.key.startsWith("id:") ? `id ${JSON.stringify(value)}` : `personnummer ${masked(value)}`}`);
    return found;
  };
  const school = (value: string, column: number): string | undefined => {
    if (roster.schools.has(value)) return value;
    fail(label(column), `no school row with external id ${JSON.stringify(value)}`);
    return undefined;
  };
  const group = (value: string, column: number): string | undefined => {
    if (index.classes.has(value)) return value;
    fail(label(column), `no class row with external id ${JSON.stringify(value)}`);
    return undefined;
  };
  const atSchool = (role: RosterPerson["role"]) => {
    const p = person(from, columns.from);
    const s = school(to, columns.to);
    if (!p || !s) return;
    if (add) {
      p.schoolKeys.add(s);
      roster.promote(p, role);
    } else p.schoolKeys.delete(s);
  };
  const inClass = (role: "student" | "teacher", homeroom: boolean) => {
    const p = person(from, columns.from);
    const g = group(to, columns.to);
    if (!p || !g) return;
    if (homeroom) roster.groups.get(g)!.kind = "homeroom";
    if (add) {
      roster.addMembership({ personKey: p.key, groupKey: g, role });
      roster.promote(p, role);
    } else roster.removeMembership({ personKey: p.key, groupKey: g, role });
  };

  switch (row.type) {
    case "school_in_org":
      return; // the school belongs to the school owner: every imported school does
    case "class_in_school": {
      const g = group(from, columns.from);
      const s = school(to, columns.to);
      if (g && s) roster.groups.get(g)!.schoolKey = add ? s : undefined;
      return;
    }
    case "student_in_school":
      return atSchool("student");
    case "staff_in_school":
      return atSchool("teacher");
    case "administrator_for":
      return atSchool("administrator");
    case "student_in_class":
      return inClass("student", false);
    case "teacher_in_class":
      return inClass("teacher", false);
    case "mentor_for":
      // A mentor of a class teaches its homeroom class; a mentor of a single student has no OneRoster form.
      if (index.classes.has(to)) return inClass("teacher", true);
      if (person(from, columns.from) && person(to, columns.to)) roster.countUnsupported("mentor_for (a mentor of a single student)");
      return;
    case "guardian_for": {
      const guardian = person(from, columns.from);
      const student = person(to, columns.to);
      if (!guardian || !student) return;
      if (add) guardian.guardianOf.add(student.key);
      else guardian.guardianOf.delete(student.key);
      return;
    }
    case "external_user_in_school":
      if (person(from, columns.from) && school(to, columns.to)) roster.countUnsupported("external_user_in_school");
      return;
  }
}
