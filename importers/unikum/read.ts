import { basename } from "node:path";
import { RegisterFileError, type Problem } from "../mapped-file/file-error.ts";
import { Roster } from "../mapped-file/roster.ts";
import { gradeOf } from "./grades.ts";
import { emptyObjectIndex, OBJECT_WIDTHS, readObjectRow } from "./objects.ts";
import { readRelationRow } from "./relations.ts";
import { OBJECT_ROW_TYPES, readUnikumRows, RELATION_TYPES, type ObjectRowType, type RelationType, type UnikumRow } from "./rows.ts";
import type { UnikumSettings } from "./settings.ts";

const isObject = (row: UnikumRow): row is UnikumRow & { type: ObjectRowType } => (OBJECT_ROW_TYPES as readonly string[]).includes(row.type);
const isRelation = (row: UnikumRow): row is UnikumRow & { type: RelationType } => (RELATION_TYPES as readonly string[]).includes(row.type);

/**
 * Reads a Unikum import (its files in order) into a roster: every object row of every file first, then the
 * relation rows in file order (so a later remove undoes an earlier add). Any problem in any file throws a
 * RegisterFileError listing them all; nothing is returned half-read.
 */
export async function readUnikumFiles(settings: UnikumSettings): Promise<Roster> {
  const problems: Problem[] = [];
  const rows: UnikumRow[] = [];
  const names = displayNames(settings.files);
  for (const [i, path] of settings.files.entries()) rows.push(...(await readUnikumRows(path, names[i]!, settings, problems)));
  const roster = new Roster();
  const index = emptyObjectIndex();
  for (const row of rows) {
    if (isObject(row)) readObjectRow(row as UnikumRow & { type: keyof typeof OBJECT_WIDTHS }, roster, index, problems);
    else if (!isRelation(row)) {
      problems.push({ file: row.file, line: row.line, column: `${row.cells.length} Radtyp`, why: `${JSON.stringify(row.cells.at(-1) ?? "")} is no row type (user, class, school or a relation such as student_in_class)` });
    }
  }
  const homeroom = new RegExp(settings.homeroomNamePattern, "u");
  for (const key of index.classes) {
    const group = roster.groups.get(key)!;
    if (homeroom.test(group.name)) group.kind = "homeroom";
  }
  for (const row of rows) if (isRelation(row)) readRelationRow(row, settings.relationColumns, roster, index, problems);
  if (problems.length > 0) throw new RegisterFileError(problems);
  for (const [key, schoolYear] of index.schoolYears) {
    const person = roster.persons.get(key)!;
    if (person.role !== "student") continue;
    const form = [...person.schoolKeys].map((s) => index.schoolForms.get(s)).find((f) => f !== undefined);
    const grade = gradeOf(schoolYear, form);
    if (grade) person.grades.add(grade);
  }
  return roster;
}

/** File names as problems show them: the base name, or the path given when two files share a base name. */
function displayNames(paths: string[]): string[] {
  const bases = paths.map((p) => basename(p));
  return bases.map((b, i) => (bases.indexOf(b) !== bases.lastIndexOf(b) ? paths[i]! : b));
}
